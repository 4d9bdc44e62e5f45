select
  lower(trim(email)) as email_clean,
  split_part(email, '@', 2) as email_domain,
  first_name || ' ' || last_name as full_name,
  regexp_replace(first_name, '[^a-zA-Z]', '', 'g') as first_name_alpha,
  length(last_name) as last_name_length
from shopify.customers
