package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.dataplane.Pages
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap

/**
 * Things and their principals: CreateThing, DescribeThing, UpdateThing, DeleteThing, ListThings,
 * AttachThingPrincipal, DetachThingPrincipal, ListThingPrincipals. Thing names live in the [Registry] (shared with
 * the admin API); attributes and versions here. A certificate's thing is
 * [dev.iotsdk.emulator.internal.CertificateRecord.thingName]
 * (the emulator attaches a certificate to at most one thing: attaching it to another moves it).
 */
internal class ThingsApi(private val registry: Registry, private val arns: Arns) {
    internal class ThingRecord(val thingId: String) {
        var attributes: Map<String, String> = emptyMap()
        var version: Long = 1
        var thingTypeName: String? = null
    }

    internal val lock = Any()

    /** Thing ids, attributes, versions and types by thing name; [ThingsStatePart] saves them. */
    internal val records = ConcurrentHashMap<String, ThingRecord>()

    private fun record(name: String): ThingRecord {
        if (name !in registry.things) throw ApiError.notFound("Thing $name cannot be found.")
        return records.computeIfAbsent(name) { ThingRecord(UUID.randomUUID().toString()) }
    }

    fun create(name: String, r: ApiRequest): JsonObject = synchronized(lock) {
        checkName(name)
        val attributes = r.obj("attributePayload")?.let { r.stringMap("attributes", it) }.orEmpty()
        checkAttributes(attributes)
        val type = r.string("thingTypeName")
        if (name in registry.things) {
            val existing = record(name)
            if (existing.attributes != attributes || existing.thingTypeName != type) {
                throw ApiError.alreadyExists("Thing $name already exists with different tags or attributes")
            }
            return identity(name, existing)
        }
        val created = ThingRecord(UUID.randomUUID().toString()).apply {
            this.attributes = attributes
            thingTypeName = type
        }
        records[name] = created
        registry.things += name
        registry.describeThing(name, type, attributes)
        identity(name, created)
    }

    fun describe(name: String): JsonObject = synchronized(lock) {
        val t = record(name)
        buildJsonObject {
            put("defaultClientId", name)
            put("thingName", name)
            put("thingId", t.thingId)
            put("thingArn", arns.thing(name))
            t.thingTypeName?.let { put("thingTypeName", it) }
            putJsonObject("attributes") { t.attributes.forEach { (k, v) -> put(k, v) } }
            put("version", t.version)
        }
    }

    fun update(name: String, r: ApiRequest): JsonObject = synchronized(lock) {
        val t = record(name)
        checkVersion(name, t, r.long("expectedVersion"))
        r.obj("attributePayload")?.let { payload ->
            val given = r.stringMap("attributes", payload).orEmpty()
            val merge = r.boolean("merge", payload) ?: false
            val merged = if (merge) t.attributes + given else given
            t.attributes = merged.filterValues { it.isNotEmpty() }
            checkAttributes(t.attributes)
        }
        r.string("thingTypeName")?.let { t.thingTypeName = it }
        if (r.boolean("removeThingType") == true) t.thingTypeName = null
        registry.describeThing(name, t.thingTypeName, t.attributes)
        t.version++
        JsonObject(emptyMap())
    }

    fun delete(name: String, r: ApiRequest): JsonObject = synchronized(lock) {
        if (name !in registry.things) return JsonObject(emptyMap()) // AWS: deleting a missing thing succeeds
        checkVersion(name, record(name), r.queryLong("expectedVersion"))
        registry.certificates.values.filter { it.thingName == name }.forEach { it.thingName = null }
        registry.things -= name
        registry.describeThing(name, null, emptyMap())
        records.remove(name)
        JsonObject(emptyMap())
    }

    fun list(r: ApiRequest): JsonObject {
        val max = r.maxResults(default = 50, max = 250)
        val attributeName = r.query("attributeName")
        val attributeValue = r.query("attributeValue")
        val prefix = r.queryBoolean("usePrefixAttributeValue") ?: false
        val type = r.query("thingTypeName")
        val all = synchronized(lock) {
            registry.things.sorted().map { it to record(it) }.filter { (_, t) ->
                val value = attributeName?.let { t.attributes[it] }
                (attributeName == null || value != null) &&
                    (
                        attributeValue == null ||
                            (if (prefix) value?.startsWith(attributeValue) == true else value == attributeValue)
                        ) &&
                    (type == null || t.thingTypeName == type)
            }
        }
        val (page, next) = Pages.slice(all, r.query("nextToken"), max)
            ?: throw ApiError.invalid("The nextToken is invalid")
        return buildJsonObject {
            put(
                "things",
                JsonArray(
                    page.map { (name, t) ->
                        buildJsonObject {
                            put("thingName", name)
                            t.thingTypeName?.let { put("thingTypeName", it) }
                            put("thingArn", arns.thing(name))
                            putJsonObject("attributes") { t.attributes.forEach { (k, v) -> put(k, v) } }
                            put("version", t.version)
                        }
                    },
                ),
            )
            next?.let { put("nextToken", it) }
        }
    }

    fun attachPrincipal(name: String, r: ApiRequest): JsonObject = synchronized(lock) {
        record(name)
        certificateOf(r).thingName = name
        JsonObject(emptyMap())
    }

    fun detachPrincipal(name: String, r: ApiRequest): JsonObject = synchronized(lock) {
        record(name)
        val certificate = certificateOf(r)
        if (certificate.thingName == name) certificate.thingName = null
        JsonObject(emptyMap())
    }

    fun listPrincipals(name: String, r: ApiRequest): JsonObject {
        val max = r.maxResults(default = 25, max = 250)
        val principals = synchronized(lock) {
            record(name)
            registry.certificates.values.filter {
                it.thingName == name
            }.map { arns.certificate(it.certificateId) }.sorted()
        }
        val (page, next) = Pages.slice(principals, r.query("nextToken"), max)
            ?: throw ApiError.invalid("The nextToken is invalid")
        return buildJsonObject {
            put("principals", JsonArray(page.map { JsonPrimitive(it) }))
            next?.let { put("nextToken", it) }
        }
    }

    private fun certificateOf(r: ApiRequest) = run {
        val principal =
            r.call.header("x-amzn-principal") ?: throw ApiError.invalid("The x-amzn-principal header is required")
        val id = arns.nameIn(principal, "cert")
            ?: throw ApiError.invalid(
                "The principal must be a certificate ARN (the emulator supports no other principals here)",
            )
        registry.certificates[id] ?: throw ApiError.notFound("The certificate $id cannot be found.")
    }

    private fun identity(name: String, t: ThingRecord) = buildJsonObject {
        put("thingName", name)
        put("thingArn", arns.thing(name))
        put("thingId", t.thingId)
    }

    private fun checkVersion(name: String, t: ThingRecord, expected: Long?) {
        if (expected != null && expected != t.version) {
            throw ApiError.versionConflict(
                "The expected version $expected of thing $name does not match its version ${t.version}",
            )
        }
    }

    private fun checkName(name: String) {
        if (!name.matches(
                THING_NAME,
            )
        ) {
            throw ApiError.invalid("Invalid thing name '$name' (allowed: [a-zA-Z0-9:_-]{1,128})")
        }
    }

    private fun checkAttributes(attributes: Map<String, String>) {
        if (attributes.size > MAX_ATTRIBUTES) throw ApiError.invalid("A thing has at most $MAX_ATTRIBUTES attributes")
        attributes.forEach { (k, v) ->
            if (!k.matches(ATTRIBUTE_NAME)) throw ApiError.invalid("Invalid attribute name '$k'")
            if (!v.matches(ATTRIBUTE_VALUE)) throw ApiError.invalid("Invalid value of attribute '$k'")
        }
    }

    private companion object {
        val THING_NAME = Regex("[a-zA-Z0-9:_-]{1,128}")
        val ATTRIBUTE_NAME = Regex("[a-zA-Z0-9_.,@/:#=\\[\\]-]{1,128}")
        val ATTRIBUTE_VALUE = Regex("[a-zA-Z0-9_.,@/:#=\\[\\]-]{0,800}")
        const val MAX_ATTRIBUTES = 50
    }
}
