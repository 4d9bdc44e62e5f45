select
  customer_id,
  (email is not null and email like '%@%') as has_valid_email,
  not (country = 'US' or country = 'CA') as is_international
from crm.customers
