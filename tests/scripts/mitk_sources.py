#!/usr/bin/env python3
"""Hand-working of the two MITK scenarios (clauses/pmic-series-a/scenarios/mitk-*-source.toml),
independently of proviso: from the raw CSV files in tests/market-data/, with Python's decimal,
following the certificate as the clause files encode it.

  Trading Day (8):      a row with volume > 0 (rows before 2002-02-04 not read: [market] from)
  VWAP (8):             the typical price (high + low + close) / 3, to 6 decimals ([market] vwap)
  Set Price (5(c)(i)(A)): 120% x average of the Closing Prices of the 5 Trading Days before the
                        first Closing Date, to the nearest cent, half up
  85% leg (5(c)(i)(B)): 85% x average of the 5 lowest VWAPs of the 30 Trading Days before the
                        Conversion Date (the day itself excluded)
  Conversion Price:     the lesser of the two, not below the Floor Price $0.75, to the cent
  Conversion Shares:    100 x $1,000 / Conversion Price, to the 1/100th of a share, half up;
                        whole shares delivered (down); the fraction paid at the Per Share Market
                        Value (the low of the Conversion Date, or of the Trading Day before it)
  Delivery (5(b)(i)):   by the 3rd Trading Day after the Conversion Date

Run: python3 tests/scripts/mitk_sources.py   (prints the working of every conversion, per file)
"""

import csv
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal as D
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "market-data"
FILES = {
    "kaggle": DATA / "MITK_2002-2004_daily_kaggle_marjanovic.csv",
    "alphavantage": DATA / "MITK_2002-2004_daily_alphavantage.csv",
}
FROM = "2002-02-04"
FIRST_CLOSING = "2002-04-01"
CONVERSIONS = ["2002-07-29", "2002-09-27", "2002-11-07", "2003-04-04", "2003-04-22"]
CENT = D("0.01")


def rows(path):
    out = []
    for r in csv.DictReader(path.open()):
        r = {k.lower(): v for k, v in r.items()}  # `Date,Open,High,...` or `Date,open,high,...`
        if r["date"] < FROM:
            continue
        high, low, close = D(r["high"]), D(r["low"]), D(r["close"])
        out.append(
            {
                "date": r["date"],
                "high": high,
                "low": low,
                "close": close,
                "vwap": ((high + low + close) / 3).quantize(D("0.000001"), ROUND_HALF_UP),
                "volume": D(r["volume"]),
            }
        )
    return out


def work(name, every):
    trading = [r for r in every if r["volume"] > 0]
    skipped = [r["date"] for r in every if r["volume"] == 0]
    print(f"== {name}: {len(every)} rows from {FROM}, {len(skipped)} with volume 0: {', '.join(skipped)}")
    before = lambda day, n: [r for r in trading if r["date"] < day][-n:]
    set_window = before(FIRST_CLOSING, 5)
    closes = [r["close"] for r in set_window]
    set_price = (D("1.2") * sum(closes) / 5).quantize(CENT, ROUND_HALF_UP)
    print(
        f"Set Price: 120% x ({' + '.join(f'{c}' for c in closes)}) / 5 "
        f"[{set_window[0]['date']}..{set_window[-1]['date']}] = {D('1.2') * sum(closes) / 5} -> {set_price}"
    )
    results = {}
    for day in CONVERSIONS:
        window = before(day, 30)
        passed = [d for d in skipped if window[0]["date"] <= d < day]
        lowest = sorted(window, key=lambda r: (r["vwap"], r["date"]))[:5]
        total = sum(r["vwap"] for r in lowest)
        leg = D("0.85") * total / 5
        price = max(min(set_price, leg), D("0.75")).quantize(CENT, ROUND_HALF_UP)
        shares = (D(100) * D(1000) / price).quantize(CENT, ROUND_HALF_UP)
        whole = shares.quantize(D(1), ROUND_DOWN)
        psmv = [r for r in trading if r["date"] <= day][-1]
        cash = ((shares - whole) * psmv["low"]).quantize(CENT, ROUND_HALF_UP)
        after = [r["date"] for r in trading if r["date"] > day]
        due = after[2]
        skipped_by_deadline = [d for d in skipped if day < d <= due]
        print(f"-- Conversion Date {day}")
        print(
            f"   window {window[0]['date']}..{window[-1]['date']} (30 Trading Days"
            + (f"; volume 0, not counted: {', '.join(passed)}" if passed else "")
            + ")"
        )
        print(
            "   5 lowest VWAPs: "
            + ", ".join(
                f"{r['date']} ({r['high']} + {r['low']} + {r['close']}) / 3 = {r['vwap']}" for r in lowest
            )
        )
        print(f"   sum {total}, average {total / 5}, x 85% = {leg}")
        print(f"   lesser of Set Price {set_price} and {leg}, not below 0.75 -> {price}")
        print(
            f"   shares 100 x 1000 / {price} = {D(100) * D(1000) / price} -> {shares}; whole {whole}; "
            f"fraction {shares - whole} x low {psmv['low']} ({psmv['date']}) = {(shares - whole) * psmv['low']} -> {cash}"
        )
        print(
            f"   due the 3rd Trading Day after: {', '.join(after[:3])} -> {due}"
            + (f" (volume 0, not counted: {', '.join(skipped_by_deadline)})" if skipped_by_deadline else "")
        )
        results[day] = (price, shares, whole, cash, due, leg)
    return results


if __name__ == "__main__":
    data = {name: rows(path) for name, path in FILES.items()}
    out = {name: work(name, every) for name, every in data.items()}
    print("== Conversion Prices, kaggle -> alphavantage")
    for day in CONVERSIONS:
        k, a = out["kaggle"][day], out["alphavantage"][day]
        mark = "" if k[0] == a[0] else "   <- differs"
        print(f"   {day}: {k[0]} -> {a[0]}{mark}")
    # The rows of the two files that differ, by field (what the typical price reads: high, low,
    # close), in each conversion's window.
    print("== rows whose high, low or close differ, per window (kaggle / alphavantage)")
    k = {r["date"]: r for r in data["kaggle"]}
    for day in CONVERSIONS:
        window = [r for r in data["alphavantage"] if r["volume"] > 0 and r["date"] < day][-30:]
        diffs = [
            f"{r['date']} vwap {k[r['date']]['vwap']}/{r['vwap']}"
            for r in window
            if r["date"] in k and k[r["date"]]["vwap"] != r["vwap"]
        ]
        print(f"   {day}: {len(diffs)}: {'; '.join(diffs) if diffs else 'none'}")
