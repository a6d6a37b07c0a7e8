select
    country_code,
    iso2,
    name,
    short_name,
    kind,
    region
from {{ ref('countries') }}
