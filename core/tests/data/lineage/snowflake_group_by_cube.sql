-- dialect: snowflake
select product_type, vendor, count(*) as products
from shopify.products
group by cube (product_type, vendor)
