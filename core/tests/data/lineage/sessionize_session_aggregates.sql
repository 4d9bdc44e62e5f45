with sessionized as (
  select
    anonymous_id,
    page_url,
    tstamp,
    sum(case when tstamp - prev_tstamp > interval '30 minutes' or prev_tstamp is null then 1 else 0 end)
      over (partition by anonymous_id order by tstamp) as session_number
  from (
    select anonymous_id, page_url, tstamp,
      lag(tstamp) over (partition by anonymous_id order by tstamp) as prev_tstamp
    from web.pageviews
  ) p
)
select
  anonymous_id,
  session_number,
  min(tstamp) as session_start,
  max(tstamp) as session_end,
  count(*) as pageviews,
  date_diff('second', min(tstamp), max(tstamp)) as duration_seconds
from sessionized
group by anonymous_id, session_number
