with recursive n as (select 1 as i union all select i + 1 from n where i < 10)
select i from n
