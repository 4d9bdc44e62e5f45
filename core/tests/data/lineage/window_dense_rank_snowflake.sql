-- dialect: snowflake
select
  product_type,
  title,
  dense_rank() over (partition by product_type order by created_at) as launch_order
from shopify.products
