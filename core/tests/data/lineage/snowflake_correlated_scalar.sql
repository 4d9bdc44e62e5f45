-- dialect: snowflake
select
  p.id as product_id,
  (select sum(l.quantity) from shopify.order_lines l where l.product_id = p.id) as units_sold
from shopify.products p
