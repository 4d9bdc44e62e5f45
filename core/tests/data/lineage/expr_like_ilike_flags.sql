select
  id as product_id,
  title ilike '%gift%' as is_gift,
  product_type like 'Apparel%' as is_apparel,
  vendor
from shopify.products
