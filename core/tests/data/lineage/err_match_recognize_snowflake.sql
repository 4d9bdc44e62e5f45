-- dialect: snowflake
select *
from web.pageviews
match_recognize (
  partition by anonymous_id
  order by tstamp
  measures first(tstamp) as session_start
  pattern (a b*)
  define b as datediff('minute', lag(tstamp), tstamp) <= 30
)
