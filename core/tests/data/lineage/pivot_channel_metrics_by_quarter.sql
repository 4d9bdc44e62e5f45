select
  cal.fiscal_year,
  cal.fiscal_quarter,
  sum(case when a.channel = 'search' then a.clicks end) as search_clicks,
  sum(case when a.channel = 'social' then a.clicks end) as social_clicks,
  sum(a.impressions) as impressions
from marketing.ad_spend a
join util.calendar cal on cal.date_day = a.date_day
group by cal.fiscal_year, cal.fiscal_quarter
