-- dialect: snowflake
select
  event_id,
  properties:page.url::string as page_url,
  properties:"utm_source"::string as utm_source,
  properties['revenue']::number(10, 2) as revenue
from app.raw_events
