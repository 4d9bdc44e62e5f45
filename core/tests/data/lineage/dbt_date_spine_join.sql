with daily as (
  select cast(ordered_at as date) as order_date, sum(amount) as revenue
  from pos.orders
  group by 1
)
select
  cal.date_day,
  cal.fiscal_quarter,
  coalesce(daily.revenue, 0) as revenue
from util.calendar cal
left join daily on daily.order_date = cal.date_day
where cal.date_day < current_date
