-- dialect: snowflake
with tags as (
  select e.event_id, e.customer_id, f.value::string as tag
  from web.events e,
  lateral flatten(input => e.tags) f
)
select tag, count(distinct customer_id) as customers
from tags
group by tag
