-- dialect: snowflake
select dateadd(day, seq4(), '2024-01-01'::date) as date_day
from table(generator(rowcount => 366))
