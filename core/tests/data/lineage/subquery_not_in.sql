select id as product_id, title
from shopify.products
where id not in (select product_id from shopify.order_lines where product_id is not null)
