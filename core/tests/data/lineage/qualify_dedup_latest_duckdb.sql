select id as order_id, financial_status, updated_at
from shopify.orders
qualify row_number() over (partition by id order by updated_at desc) = 1
