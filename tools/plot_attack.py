#!/usr/bin/env python3
"""Plots the known-plaintext attack CSV written by `tools/VectaX.Evaluate attack` (Debian: python3-matplotlib).

usage: python3 tools/plot_attack.py /tmp/vectax-attack.csv docs/attack.png
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

rows = list(csv.DictReader(open(sys.argv[1])))
series = defaultdict(list)
for r in rows:
    series[(r["method"], r["transform"], float(r["beta"]))].append((int(r["n"]), float(r["cosine"]), float(r["nn"])))

fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharex=True)
betas = sorted({key[2] for key in series})
colors = plt.cm.viridis([i / max(1, len(betas) - 1) for i in range(len(betas))])
for (method, transform, beta), points in sorted(series.items()):
    if transform != "Fast":
        continue
    points.sort()
    n = [p[0] for p in points]
    style = "-" if method == "Procrustes" else "--"
    color = colors[betas.index(beta)]
    axes[0].plot(n, [p[1] for p in points], style, color=color, marker="o", label=f"{method}, beta={beta:g}")
    axes[1].plot(n, [p[2] for p in points], style, color=color, marker="o")

axes[0].set_ylabel("mean cosine(recovered, true)")
axes[1].set_ylabel("nearest document recovered")
for ax in axes:
    ax.set_xscale("log")
    ax.set_xlabel("known plaintext/ciphertext pairs n (d = 384)")
    ax.grid(True, alpha=0.3)
axes[0].legend(fontsize=7, ncol=2)
fig.suptitle("Known-plaintext attacks on VectaX (Fast transform, all-MiniLM-L6-v2 fortunes)")
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=110)
