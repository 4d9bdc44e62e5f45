with months as (
  select distinct date_trunc('month', date_day) as month_start from util.calendar
),
active as (
  select m.month_start, s.customer_id, s.plan, s.mrr
  from months m
  join app.subscriptions s
    on s.started_at <= m.month_start
   and (s.ended_at is null or s.ended_at > m.month_start)
)
select month_start, plan, count(distinct customer_id) as customers, sum(mrr) as mrr
from active
group by month_start, plan
