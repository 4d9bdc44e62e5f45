-- dialect: snowflake
select
  event_id,
  regexp_substr(page_url, 'utm_campaign=([^&]+)', 1, 1, 'e') as utm_campaign,
  regexp_like(page_url, '.*checkout.*') as is_checkout,
  split_part(page_url, '/', 3) as host
from web.pageviews
