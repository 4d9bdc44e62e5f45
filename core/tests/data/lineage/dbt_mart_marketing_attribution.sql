with sessions as (
  select cast(tstamp as date) as date_day, referrer as channel, count(distinct anonymous_id) as visitors
  from web.pageviews
  group by 1, 2
),
spend as (
  select date_day, channel, sum(spend) as spend, sum(clicks) as clicks
  from marketing.ad_spend
  group by all
)
select
  spend.date_day,
  spend.channel,
  spend.spend,
  spend.clicks,
  sessions.visitors,
  spend.spend / nullif(sessions.visitors, 0) as cost_per_visitor
from spend
left join sessions
  on sessions.date_day = spend.date_day
 and sessions.channel = spend.channel
