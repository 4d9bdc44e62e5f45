with hashed as (
  select
    customer_id,
    email,
    country,
    tier,
    changed_at,
    md5(concat_ws('|', email, country, tier)) as row_hash
  from crm.customer_changes
),
flagged as (
  select
    *,
    lag(row_hash) over (partition by customer_id order by changed_at) as previous_hash
  from hashed
)
select customer_id, email, country, tier, changed_at as valid_from
from flagged
where previous_hash is null or previous_hash <> row_hash
