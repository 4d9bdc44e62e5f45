with lines as (
  select id as order_line_id, order_id, product_id, quantity, price, sku from shopify.order_lines
),
products as (
  select id as product_id, title as product_title, product_type, vendor from shopify.products
),
joined as (
  select
    lines.order_line_id,
    lines.order_id,
    lines.sku,
    products.product_title,
    products.product_type,
    lines.quantity * lines.price as line_total
  from lines
  inner join products on lines.product_id = products.product_id
)
select * from joined
