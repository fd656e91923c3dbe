#!/usr/bin/env bash
# ecom.metrics_monthly on the UCI Online Retail data equals a computation made straight from the CSV with the
# importer's rules: per month gross sales, refunds and distinct customers (guests counting as one), and
# net = gross - discounts - refunds on every day.
set -euo pipefail
cd "$(dirname "$0")/../.."
csv=${ECOM_SHARED_DATA:+$ECOM_SHARED_DATA/online_retail/online_retail.csv}
[ -n "$csv" ] && [ -r "$csv" ] || { echo "skip: the shared Online Retail file is absent"; exit 0; }
db=ecom_metrics_online_retail
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
psql -qX -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION ecom_analytics' >/dev/null
scripts/import_online_retail.sh -d "$db" "$csv" >/dev/null

warehouse=$(psql -XAt -F' ' -d "$db" -v ON_ERROR_STOP=1 <<'SQL'
SELECT to_char(month, 'YYYY-MM'), gross_sales, refunds, customers FROM ecom.metrics_monthly ORDER BY month;
SELECT 'bad_days', count(*) FROM ecom.metrics_daily WHERE net_sales <> gross_sales - discounts - refunds;
SQL
)

/usr/bin/python3 - "$csv" "$warehouse" <<'PY'
import csv, sys
from collections import defaultdict
from decimal import Decimal
def kind(code):
    if code in ('POST', 'DOT', 'C2'): return 'shipping'
    if code == 'D': return 'discount'
    if code in ('M', 'm', 'S', 'B', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS') or code.startswith('gift_0001_'):
        return 'adjustment'
    return 'product'
seen = set()
invoice_lines = defaultdict(list)            # ordinary invoice -> [(date, customer, kind, amount)]
refunds = defaultdict(Decimal)               # month -> refunds of credit notes
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        inv, code, q, p = row['InvoiceNo'], row['StockCode'], int(row['Quantity']), Decimal(row['UnitPrice'])
        credit = inv.startswith('C')
        if inv.startswith('A') or q == 0 or p < 0 or (not credit and q < 0) or (credit and q > 0):
            continue                                                     # quarantined by the importer
        if not credit and kind(code) == 'product' and p == 0:
            continue
        key = tuple(row[c] for c in ('InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'))
        if key in seen:
            continue                                                     # exact duplicate line
        seen.add(key)
        customer = row['CustomerID'].split('.')[0] if row['CustomerID'] else None
        if credit:
            refunds[row['InvoiceDate'][:7]] += -q * p
        else:
            invoice_lines[inv].append((row['InvoiceDate'], customer, kind(code), q * p))
gross = defaultdict(Decimal)
customers = defaultdict(set)
for inv, lines in invoice_lines.items():
    month = min(l[0] for l in lines)[:7]                                 # the order is dated by its first line
    known = [l[1] for l in lines if l[1] is not None]
    customers[month].add(min(known) if known else 'guest')
    gross[month] += sum((l[3] for l in lines if l[2] == 'product'), Decimal(0))
expected = {m: (gross[m], refunds[m], len(customers[m])) for m in set(gross) | set(refunds)}
got, bad_days = {}, None
for line in sys.argv[2].splitlines():
    parts = line.split()
    if parts[0] == 'bad_days': bad_days = int(parts[1]); continue
    got[parts[0]] = (Decimal(parts[1]), Decimal(parts[2]), int(parts[3]))
diff = [f'{m}: warehouse {got.get(m)}, CSV {expected.get(m)}' for m in sorted(set(got) | set(expected)) if got.get(m) != expected.get(m)]
if diff or bad_days != 0:
    print('mismatch:', '; '.join(diff), f'(days with net <> gross - discounts - refunds: {bad_days})'); sys.exit(1)
print(f'ok {len(got)} months: gross, refunds and distinct customers of ecom.metrics_monthly = CSV; net identity on every day')
PY
