# ruff: noqa: E501  (HTML templates)
"""A self-contained HTML report: summary table, per-category bar charts and a latency histogram
as inline SVG (no JavaScript, no external files), and every failure with what was missing."""

from __future__ import annotations

import html
from typing import Any


def _bars(values: dict[str, float], title: str, maximum: float = 1.0) -> str:
    width, row = 520, 22
    height = row * len(values) + 30
    parts = [
        f'<svg role="img" aria-label="{html.escape(title)}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{html.escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(values.items()):
        y = 20 + i * row
        bar = 0 if maximum == 0 else int(300 * min(value, maximum) / maximum)
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12">{html.escape(label)}</text>'
            f'<rect x="150" y="{y + 2}" width="{bar}" height="16" fill="#2b6cb0"/>'
            f'<text x="{156 + bar}" y="{y + 14}" font-size="12">{value:.2f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _histogram(values_ms: list[float], title: str, bins: int = 12) -> str:
    if not values_ms:
        return "<p>No latencies.</p>"
    top = max(values_ms) or 1.0
    counts = [0] * bins
    for v in values_ms:
        counts[min(bins - 1, int(v / top * bins))] += 1
    peak = max(counts)
    parts = [
        f'<svg role="img" aria-label="{html.escape(title)}" width="520" height="180" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{html.escape(title)}</title>'
    ]
    for i, count in enumerate(counts):
        h = int(140 * count / peak)
        parts.append(
            f'<rect x="{10 + i * 40}" y="{150 - h}" width="36" height="{h}" fill="#dd6b20"/>'
            f'<text x="{10 + i * 40}" y="170" font-size="10">{top * i / bins:.0f}</text>'
        )
    parts.append(
        '<text x="10" y="12" font-size="11">items per bin (ms from bin start)</text></svg>'
    )
    return "".join(parts)


def render(summary: dict[str, Any], results: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{v:.3f}</td></tr>"
        if isinstance(v, float)
        else f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>"
        for k, v in summary["metrics"].items()
    )
    sets = summary.get("per_set", {})
    names = ["hit@5", "key_fact_recall", "passed", "not_in_sources_rate", "violations"]
    set_rows = "".join(
        f"<tr><td>{html.escape(name)}</td>"
        + "".join(f"<td>{m[k]:.3f}</td>" for k in names)
        + f"<td>{m['items']:.0f}</td></tr>"
        for name, m in sets.items()
    )
    set_table = (
        "<table><tr><th>gold set</th>"
        + "".join(f"<th>{html.escape(k)}</th>" for k in [*names, "items"])
        + f"</tr>{set_rows}</table>"
    )
    charts = "".join(
        f"<h3>{html.escape(metric)} per category</h3>{_bars(values, metric)}"
        for metric, values in summary["per_category"].items()
    )
    failures = []
    for r in results:
        if r.get("ok", True):
            continue
        passages = "".join(
            f"<li><code>{html.escape(p['source'])}</code> {html.escape(p['text'][:300])}</li>"
            for p in r.get("passages", [])
        )
        failures.append(
            f"<details><summary><b>{html.escape(r['id'])}</b> [{html.escape(r['category'])}] "
            f"{html.escape(r['question'])}</summary><p><b>Why:</b> {html.escape('; '.join(r['why']))}</p>"
            f"<p><b>Answer:</b> {html.escape(r.get('answer', ''))}</p><ol>{passages}</ol></details>"
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Techkompas eval {html.escape(summary["run"])}</title>
<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto}}td{{padding:2px 12px}}
details{{margin:.4em 0}}code{{background:#eee}}</style></head><body>
<h1>Techkompas eval — {html.escape(summary["run"])}</h1>
<p>{html.escape(summary["config"])}</p>
<h2>Summary</h2><table>{rows}</table>
<h2>Per gold set</h2><p>The blind set was written by someone who saw only the corpus and the
seeds; it is reported on its own and never tuned on.</p>{set_table}
<h2>Per category</h2>{charts}
<h2>Latency</h2>{_histogram(summary["latencies_ms"], "total latency per item (ms)")}
<h2>Failures ({len(failures)})</h2>{"".join(failures) or "<p>None.</p>"}
</body></html>"""
