select
  event_id,
  max(case when tag = 'campaign' then value end) as campaign,
  max(case when tag = 'source' then value end) as utm_source
from (
  select event_id, t.tag, payload as value
  from web.events, unnest(tags) as t(tag)
) kv
group by event_id
