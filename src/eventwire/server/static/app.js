// eventwire dashboard: filters live in the URL; every view fetches /api with that query string.
"use strict";

const FILTERS = ["since", "until", "actor", "country", "sector", "cameo", "plover", "modality", "quad_class", "search"];
const PAGE = 25;
const form = document.getElementById("filters");
const status = document.getElementById("status");
let world = null, isoNumeric = {};

function currentParams() { return new URLSearchParams(window.location.search); }

function filterQuery(params = currentParams()) {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (params.get(name)) query.set(name, params.get(name));
  return query;
}

async function api(path, query = new URLSearchParams()) {
  const response = await fetch(`/api/${path}${query.toString() ? "?" + query : ""}`);
  const body = await response.json();
  if (!body.ok) throw new Error(body.error);
  return body;
}

function navigate(changes, {resetPage = true} = {}) {
  const params = currentParams();
  for (const [k, v] of Object.entries(changes)) { if (v === null || v === "") params.delete(k); else params.set(k, v); }
  if (resetPage && !("offset" in changes)) params.delete("offset");
  history.pushState(null, "", `${location.pathname}${params.toString() ? "?" + params : ""}`);
  render();
}

function fillForm(params) {
  for (const name of FILTERS) form.elements[name].value = params.get(name) || "";
}

function setOptions(select, values) {
  const chosen = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const v of values) select.add(new Option(v, v));
  select.value = chosen;
}

function show(message, isError = false) {
  status.textContent = message;
  status.classList.toggle("error", isError);
}

async function renderViews() {
  const params = currentParams(), query = filterQuery(params);
  const offset = Number(params.get("offset") || 0);
  const page = new URLSearchParams(query); page.set("limit", PAGE); page.set("offset", offset);
  const pick = changes => navigate(changes);
  const [events, timeline, countries, places, network] = await Promise.all([
    api("events", page), api("aggregates/quad_class", query), api("aggregates/country", query),
    api("aggregates/place", new URLSearchParams([...query, ["top", "300"]])), api("network", new URLSearchParams([...query, ["top", "60"]]))]);
  views.drawTable(document.querySelector("#events tbody"), events.events, openEvent);
  document.getElementById("total").textContent = `${events.total} events`;
  document.getElementById("page").textContent = events.total ? `${offset + 1}–${offset + events.events.length} of ${events.total}` : "";
  document.getElementById("prev").disabled = offset === 0;
  document.getElementById("next").disabled = offset + PAGE >= events.total;
  views.drawTimeline(document.getElementById("timeline"), document.getElementById("timeline-legend"), timeline.rows, pick);
  views.drawMap(document.getElementById("map"), world, isoNumeric, countries.rows, places.rows, pick);
  views.drawNetwork(document.getElementById("network"), network.edges, pick);
  for (const fmt of ["csv", "parquet"]) document.getElementById(`export-${fmt}`).href = `/api/export.${fmt}${query.toString() ? "?" + query : ""}`;
}

function openEvent(articleId, idx) {
  navigate({event: `${articleId}/${idx}`}, {resetPage: false});
}

async function renderDetail() {
  const panel = document.getElementById("detail");
  const chosen = currentParams().get("event");
  if (!chosen) { panel.hidden = true; return; }
  const cut = chosen.lastIndexOf("/");
  const body = await api(`events/${encodeURIComponent(chosen.slice(0, cut))}/${encodeURIComponent(chosen.slice(cut + 1))}`);
  const e = body.event, a = body.article;
  panel.hidden = false;
  const actor = x => x ? `${x.code} (${x.text})` : "—";
  document.getElementById("event-summary").textContent =
    `${e.day || "undated"}: ${actor(e.source)} → CAMEO ${e.cameo} ${e.plover || ""} → ${actor(e.target)} · ${e.modality} · QuadClass ${e.quad_class} · Goldstein ${e.goldstein}` +
    (e.location ? ` · ${e.location.name}` : "");
  document.getElementById("article-title").textContent = a.title || a.id;
  document.getElementById("article-meta").textContent = [a.outlet, a.published, a.url].filter(Boolean).join(" · ");
  views.drawArticle(document.getElementById("article-text"), a, e);
  views.drawAttribution(document.getElementById("attribution-view"), e);
  await renderStory(body.story);
  panel.scrollIntoView({block: "start"});
}

async function renderStory(storyId) {
  const view = document.getElementById("story-view");
  if (!storyId) { view.hidden = true; return; }
  const story = (await api(`stories/${encodeURIComponent(storyId)}`)).story;
  const key = r => `${r.article}/${r.event}`;
  const own = new Set(story.reports.map(key));
  const against = story.contradictions.flat().filter(r => !own.has(key(r)));
  document.getElementById("story-status").textContent =
    `${story.status} · ${story.outlets} outlets · ${story.articles} articles`;
  views.drawReports(document.getElementById("story-support"), story.reports.filter(r => r.modality !== "negated"));
  views.drawReports(document.getElementById("story-contra"), [...story.reports.filter(r => r.modality === "negated"), ...against]);
  view.hidden = false;
}

async function render() {
  fillForm(currentParams());
  show("loading…");
  try {
    await Promise.all([renderViews(), renderDetail()]);
    show("");
    document.body.dataset.shown = location.search;  // what the views show now (tests wait on it)
  } catch (error) {
    show(error.message, true);
  }
}

async function start() {
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const changes = {};
    for (const name of FILTERS) changes[name] = form.elements[name].value.trim();
    navigate(changes);
  });
  document.getElementById("clear").addEventListener("click", ev => {
    ev.preventDefault();
    navigate(Object.fromEntries([...FILTERS, "event"].map(n => [n, null])));
  });
  document.getElementById("prev").addEventListener("click", () => navigate({offset: Math.max(0, Number(currentParams().get("offset") || 0) - PAGE)}));
  document.getElementById("next").addEventListener("click", () => navigate({offset: Number(currentParams().get("offset") || 0) + PAGE}));
  document.getElementById("close-detail").addEventListener("click", () => navigate({event: null}, {resetPage: false}));
  window.addEventListener("popstate", render);
  try {
    const [meta, countries] = await Promise.all([api("meta"), api("countries")]);
    isoNumeric = countries.countries;
    setOptions(form.elements.plover, meta.vocabulary.plover);
    setOptions(form.elements.modality, meta.vocabulary.modality);
    const response = await fetch("/vendor/countries-110m.json");
    world = response.ok ? await response.json() : null;
  } catch (error) {
    show(error.message, true);
  }
  await render();
  document.body.dataset.ready = "true";
}

start();
