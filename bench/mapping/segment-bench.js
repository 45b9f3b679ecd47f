'use strict'
// Segment's own mapping engine (@segment/actions-core `transform`) on the same events and the same
// seed mapping as MappingBench: `@path` for each field, `@if` with `blank` (present, not null, not '')
// for the seed's fallbacks. Prints `segment <event> <map-only|parse+map> <mappings per CPU second>`.
const fs = require('fs')
const path = require('path')
const { transform } = require('@segment/actions-core')

const seconds = Number(process.argv[2] || 3)
const p = (jsonPath) => ({ '@path': jsonPath })
const coalesce = (first, second) => ({ '@if': { blank: p(first), then: p(first), else: p(second) } })

const mappings = {
  identify: {
    customer_id: p('$.userId'),
    email_address: coalesce('$.traits.email', '$.context.traits.email'),
    first_name: coalesce('$.traits.firstName', '$.traits.first_name'),
    last_name: coalesce('$.traits.lastName', '$.traits.last_name'),
    address_street_1: p('$.traits.address.street'),
    address_street_2: coalesce('$.traits.address.street2', '$.traits.address.line2'),
    address_city: p('$.traits.address.city'),
    address_state: p('$.traits.address.state'),
    address_zip: p('$.traits.address.postalCode'),
    country: p('$.traits.address.country')
  },
  track: {
    event_id: p('$.messageId'),
    customer_id: p('$.userId'),
    event_type: p('$.event'),
    event_timestamp: p('$.timestamp'),
    channel: coalesce('$.channel', '$.context.channel'),
    ip_address: p('$.context.ip'),
    plan_name: p('$.properties.plan_name'),
    acct_type: p('$.properties.acct_type')
  }
}

function cpuSeconds() {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

function measure(body) {
  let sink = 0
  const warmupEnd = Date.now() + Math.max(3, seconds) * 1000
  while (Date.now() < warmupEnd) {
    for (let i = 0; i < 1000; i++) sink += body()
  }
  let best = 0
  for (let round = 0; round < 3; round++) {
    let count = 0
    const cpuBefore = cpuSeconds()
    const end = Date.now() + (seconds / 3) * 1000
    while (Date.now() < end) {
      for (let i = 0; i < 1000; i++) sink += body()
      count += 1000
    }
    best = Math.max(best, count / (cpuSeconds() - cpuBefore))
  }
  if (sink === 42) console.error('')
  return best
}

for (const name of ['identify', 'track']) {
  const text = JSON.stringify(JSON.parse(fs.readFileSync(path.join(__dirname, 'events', name + '.json'), 'utf8')))
  const event = JSON.parse(text)
  const mapping = mappings[name]
  const check = transform(mapping, event)
  console.error(`# ${name}: ${Buffer.byteLength(text)} bytes, ${Object.keys(check).length} fields: ${JSON.stringify(check)}`)
  const mapOnly = measure(() => Object.keys(transform(mapping, event)).length)
  const parseAndMap = measure(() => Object.keys(transform(mapping, JSON.parse(text))).length)
  console.log(`segment ${name} map-only ${mapOnly.toFixed(0)}`)
  console.log(`segment ${name} parse+map ${parseAndMap.toFixed(0)}`)
}
