with sessions as (
  select
    event_id,
    anonymous_id,
    page_url,
    tstamp,
    sum(case when referrer is not null then 1 else 0 end) over (partition by anonymous_id order by tstamp) as session_index
  from web.pageviews
)
select distinct
  anonymous_id,
  session_index,
  first_value(page_url) over (partition by anonymous_id, session_index order by tstamp) as landing_page,
  last_value(page_url) over (
    partition by anonymous_id, session_index order by tstamp
    rows between unbounded preceding and unbounded following
  ) as exit_page
from sessions
