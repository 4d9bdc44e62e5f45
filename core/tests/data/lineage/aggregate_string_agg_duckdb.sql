select order_id, string_agg(title, ', ' order by title) as titles, list(sku) as skus
from shopify.order_lines
group by order_id
