select distinct on (id) id as order_id, financial_status, updated_at
from shopify.orders
order by id, updated_at desc
