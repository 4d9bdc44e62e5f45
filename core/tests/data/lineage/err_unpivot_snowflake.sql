-- dialect: snowflake
select * from marketing.ad_spend unpivot (metric for metric_name in (spend, clicks, impressions))
