#!/usr/bin/env bash
# Loads the whole UCI Online Retail file through scripts/import_online_retail.sh and checks the conservation
# of lines in both runs and the warehouse totals against figures computed independently from the CSV (python3).
set -euo pipefail
cd "$(dirname "$0")/../.."
csv=${ECOM_SHARED_DATA:+$ECOM_SHARED_DATA/online_retail/online_retail.csv}
[ -n "$csv" ] && [ -r "$csv" ] || { echo "skip: the shared Online Retail file is absent"; exit 0; }
db=ecom_online_retail
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
psql -qX -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION ecom_analytics' >/dev/null
scripts/import_online_retail.sh -d "$db" "$csv" >/dev/null

warehouse=$(psql -XAt -F' ' -d "$db" -v ON_ERROR_STOP=1 <<'SQL'
SELECT (SELECT read FROM ecom.etl_run_stats WHERE kind = 'import_online_retail'),
       (SELECT deduplicated FROM ecom.etl_run_stats WHERE kind = 'import_online_retail'),
       (SELECT quarantined FROM ecom.etl_run_stats WHERE kind = 'import_online_retail'),
       (SELECT count(*) FROM ecom.etl_run_stats WHERE read <> inserted + updated + unchanged + deduplicated + quarantined),
       (SELECT coalesce(sum(quarantined), 0) FROM ecom.etl_run_stats WHERE kind = 'etl'),
       (SELECT count(*) FROM ecom.quarantine WHERE rule = 'invoice_no:adjustment_invoice'),
       (SELECT count(*) FROM ecom.quarantine WHERE rule = 'quantity:negative_on_invoice'),
       (SELECT count(*) FROM ecom.quarantine WHERE rule = 'unit_price:not_positive'),
       (SELECT count(*) FROM ecom.fct_orders), (SELECT count(*) FROM ecom.fct_orders WHERE customer_key = 0),
       (SELECT count(*) FROM ecom.dim_customer WHERE customer_key <> 0),
       (SELECT count(*) FROM ecom.fct_order_items WHERE is_merchandise),
       (SELECT sum(gross) FROM ecom.fct_orders), (SELECT sum(adjustments) FROM ecom.fct_orders),
       (SELECT sum(shipping) FROM ecom.fct_orders),
       (SELECT count(*) FROM ecom.fct_returns), (SELECT sum(refund_amount) FROM ecom.fct_returns),
       (SELECT sum(net) FROM ecom.fct_revenue_daily);
SQL
)

python3 - "$csv" "$warehouse" <<'PY'
import csv, sys
from decimal import Decimal
shipping_codes = {'POST', 'DOT', 'C2'}
adjustment_codes = {'M', 'm', 'S', 'B', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS'}
def kind(code):
    if code in shipping_codes: return 'shipping'
    if code == 'D': return 'discount'
    if code in adjustment_codes or code.startswith('gift_0001_'): return 'adjustment'
    return 'product'
read = dedup = quarantined = adjustment_invoices = negative = zero_price = 0
seen = set(); invoices = set(); guest_invoices = set(); customers = set()
gross = adjustments = shipping = refunds = discount = Decimal(0)
product_lines = return_lines = 0
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        read += 1
        inv, code, q, p = row['InvoiceNo'], row['StockCode'], int(row['Quantity']), Decimal(row['UnitPrice'])
        credit = inv.startswith('C')
        if inv.startswith('A'): quarantined += 1; adjustment_invoices += 1; continue
        if not credit and q < 0: quarantined += 1; negative += 1; continue
        if p < 0: quarantined += 1; continue
        if not credit and kind(code) == 'product' and p == 0: quarantined += 1; zero_price += 1; continue
        key = tuple(row[c] for c in ('InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'))
        if key in seen: dedup += 1; continue
        seen.add(key)
        if row['CustomerID']: customers.add(row['CustomerID'])
        if credit:
            return_lines += 1; refunds += -q * p; continue
        invoices.add(inv)
        if not row['CustomerID']: guest_invoices.add(inv)
        k = kind(code)
        if k == 'product': product_lines += 1; gross += q * p
        elif k == 'adjustment': adjustments += q * p
        elif k == 'shipping': shipping += q * p
        else: discount += abs(q * p)
expected = [read, dedup, quarantined, 0, 0, adjustment_invoices, negative, zero_price, len(invoices), len(guest_invoices),
            len(customers), product_lines, gross, adjustments, shipping, return_lines, refunds, gross - discount - refunds]
names = ['lines read', 'deduplicated', 'quarantined', 'unbalanced runs', 'ETL quarantined', 'A invoices',
         'negative quantities on invoices', 'product lines priced 0', 'orders', 'guest orders', 'customers',
         'merchandise lines', 'gross', 'adjustments', 'shipping', 'returns', 'refunds', 'daily net']
got = sys.argv[2].split()
bad = [f'{n}: warehouse {g}, CSV {e}' for n, g, e in zip(names, got, expected) if Decimal(g) != Decimal(e)]
if len(got) != len(expected) or bad:
    print('mismatch:', '; '.join(bad) or got); sys.exit(1)
print(f'ok ({read} lines: {quarantined} quarantined, {dedup} duplicates; {len(invoices)} orders, gross {gross}, '
      f'refunds {refunds}, shipping {shipping}: warehouse = CSV)')
PY
