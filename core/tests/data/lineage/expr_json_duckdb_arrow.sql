select
  event_id,
  properties ->> '$.page.url' as page_url,
  json_extract_string(properties, '$.utm_source') as utm_source,
  cast(properties -> 'revenue' as double) as revenue
from app.raw_events
