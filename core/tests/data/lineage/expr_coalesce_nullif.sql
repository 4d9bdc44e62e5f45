select
  customer_id,
  coalesce(nullif(trim(name), ''), email, 'unknown') as display_name,
  nullif(country, 'XX') as country
from crm.customers
