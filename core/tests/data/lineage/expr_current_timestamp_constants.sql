select
  id as payment_id,
  current_timestamp as loaded_at,
  'stripe' as source_system,
  null as deleted_at,
  42 as batch_id
from stripe.payments
