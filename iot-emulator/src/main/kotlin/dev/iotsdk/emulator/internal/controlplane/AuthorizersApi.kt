package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.AuthorizerResult
import dev.iotsdk.emulator.CustomAuthorizer
import dev.iotsdk.emulator.internal.AuthorizerFunctions
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.dataplane.Pages
import dev.iotsdk.emulator.internal.http.HttpServices
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.util.concurrent.ConcurrentHashMap

/**
 * Custom authorizers over the AWS IoT control plane (service `iot`; paths and members of the AWS IoT service model):
 * CreateAuthorizer (`POST /authorizer/<name>`: `authorizerFunctionArn`, `tokenKeyName`, `tokenSigningPublicKeys`,
 * `signingDisabled`, `status`), DescribeAuthorizer, UpdateAuthorizer, DeleteAuthorizer, ListAuthorizers
 * (`GET /authorizers/`), SetDefaultAuthorizer and DescribeDefaultAuthorizer (`/default-authorizer`). The authorizer
 * is the same [CustomAuthorizer] the Kotlin admin API registers; its decision comes from the function the ARN names
 * ([AuthorizerFunctions]). Signing uses the first of `tokenSigningPublicKeys` (AWS accepts two, to rotate keys); an
 * `INACTIVE` authorizer refuses every connection.
 */
internal class AuthorizersApi(
    principals: SigV4Principals,
    private val registry: Registry,
    private val functions: AuthorizerFunctions,
    private val arns: Arns,
) {
    internal class Record(val body: JsonObject, val created: Double, var modified: Double)

    /** What CreateAuthorizer and UpdateAuthorizer were given, by name; [AuthorizersStatePart] saves them. */
    internal val records = ConcurrentHashMap<String, Record>()
    private val actions = ControlPlaneActions(arns)
    private val api =
        SignedRestApi(principals, ControlPlaneService.SERVICES, actions::of, ::isMine) { route(it) }

    /** Registers before the control plane, which serves every other `iot` path. */
    fun registerRoutes(http: HttpServices) {
        api.registerRoutes(http)
    }

    private fun isMine(path: String): Boolean =
        path.startsWith("/authorizer/") || path.startsWith("/authorizers") || path == "/default-authorizer"

    private fun route(r: ApiRequest): JsonObject {
        val s = r.segments
        return when {
            s.size == 2 && s[0] == "authorizer" -> authorizer(s[1], r)
            s == listOf("authorizers") && r.method == "GET" -> list(r)
            s == listOf("default-authorizer") && r.method == "POST" -> setDefault(r.requireString("authorizerName"))
            s == listOf("default-authorizer") && r.method == "GET" -> buildJsonObject {
                val default = registry.defaultAuthorizer()
                    ?: throw ApiError.notFound("No default authorizer is set.")
                put("authorizerDescription", describe(default.name))
            }
            else -> throw ApiError.unsupported(r.method, r.call.path)
        }
    }

    private fun authorizer(name: String, r: ApiRequest): JsonObject = when (r.method) {
        "POST" -> save(name, r, create = true)
        "PUT" -> save(name, r, create = false)
        "GET" -> buildJsonObject { put("authorizerDescription", describe(name)) }
        "DELETE" -> delete(name)
        else -> throw ApiError.unsupported(r.method, r.call.path)
    }

    internal class Settings(
        val functionArn: String,
        val tokenKeyName: String?,
        val signingKey: String?,
        val active: Boolean,
    )

    /** The authorizer's settings from [merged] (the stored ones overlaid with the request's), checked as AWS does. */
    private fun settings(r: ApiRequest, merged: JsonObject): Settings {
        val functionArn = r.string("authorizerFunctionArn", merged)
            ?: throw ApiError.invalid("authorizerFunctionArn is required")
        val signingDisabled = r.boolean("signingDisabled", merged) ?: false
        val keys = r.stringMap("tokenSigningPublicKeys", merged).orEmpty()
        val tokenKeyName = r.string("tokenKeyName", merged)
        val status = r.string("status", merged) ?: "ACTIVE"
        val problem = when {
            !signingDisabled && (keys.isEmpty() || tokenKeyName == null) ->
                "tokenKeyName and tokenSigningPublicKeys are required unless signingDisabled"
            status !in STATUSES -> "status must be ACTIVE or INACTIVE"
            else -> null
        }
        if (problem != null) throw ApiError.invalid(problem)
        return Settings(
            functionArn,
            tokenKeyName,
            if (signingDisabled) null else keys.values.first(),
            status == "ACTIVE",
        )
    }

    @Synchronized
    private fun save(name: String, r: ApiRequest, create: Boolean): JsonObject {
        if (!name.matches(NAME)) throw ApiError.invalid("Invalid authorizer name '$name'")
        val existing = records[name]
        when {
            create && existing != null -> throw ApiError.alreadyExists("Authorizer $name already exists")
            !create && existing == null -> throw ApiError.notFound("Authorizer $name cannot be found.")
        }
        val merged = JsonObject(existing?.body.orEmpty() + r.body)
        val now = System.currentTimeMillis() / MILLIS
        install(name, settings(r, merged), Record(merged, existing?.created ?: now, now), isDefault = null)
        return summary(name)
    }

    /** Makes authorizer [name] from [settings] and keeps [record]; [isDefault] `null` keeps the current flag. */
    internal fun install(name: String, settings: Settings, record: Record, isDefault: Boolean?) {
        val handler = functions.handlerFor(settings.functionArn)
        registry.authorizers[name] = CustomAuthorizer(
            name,
            settings.tokenKeyName,
            settings.signingKey,
            isDefault ?: registry.authorizers[name]?.isDefault ?: false,
        ) { request -> if (settings.active) handler.authorize(request) else AuthorizerResult.deny() }
        records[name] = record
    }

    @Synchronized
    private fun delete(name: String): JsonObject {
        records.remove(name) ?: throw ApiError.notFound("Authorizer $name cannot be found.")
        registry.authorizers.remove(name)
        return JsonObject(emptyMap())
    }

    @Synchronized
    private fun setDefault(name: String): JsonObject {
        val chosen = registry.authorizers[name] ?: throw ApiError.notFound("Authorizer $name cannot be found.")
        registry.authorizers.values.filter { it.isDefault && it.name != name }.forEach {
            registry.authorizers[it.name] =
                CustomAuthorizer(it.name, it.tokenKeyName, it.signingPublicKeyPem, false, it.handler)
        }
        registry.authorizers[name] =
            CustomAuthorizer(name, chosen.tokenKeyName, chosen.signingPublicKeyPem, true, chosen.handler)
        return summary(name)
    }

    private fun list(r: ApiRequest): JsonObject {
        val names = records.keys.sorted()
        val size = r.queryLong("pageSize")?.toInt() ?: MAX_PAGE
        val (page, next) = Pages.slice(names, r.query("marker"), size.coerceIn(1, MAX_PAGE))
            ?: throw ApiError.invalid("The marker is invalid")
        return buildJsonObject {
            put("authorizers", JsonArray(page.map { summary(it) }))
            next?.let { put("nextMarker", it) }
        }
    }

    private fun describe(name: String): JsonObject {
        val record = records[name] ?: throw ApiError.notFound("Authorizer $name cannot be found.")
        val body = record.body
        return buildJsonObject {
            put("authorizerName", name)
            put("authorizerArn", arns.of("authorizer", name))
            body["authorizerFunctionArn"]?.let { put("authorizerFunctionArn", it) }
            body["tokenKeyName"]?.let { put("tokenKeyName", it) }
            body["tokenSigningPublicKeys"]?.let { put("tokenSigningPublicKeys", it) } ?: putJsonObject(
                "tokenSigningPublicKeys",
            ) {}
            put("status", body["status"] ?: JsonPrimitive("ACTIVE"))
            put("creationDate", record.created)
            put("lastModifiedDate", record.modified)
            put("signingDisabled", body["signingDisabled"] ?: JsonPrimitive(false))
            put("enableCachingForHttp", body["enableCachingForHttp"] ?: JsonPrimitive(false))
        }
    }

    private fun summary(name: String) = buildJsonObject {
        put("authorizerName", name)
        put("authorizerArn", arns.of("authorizer", name))
    }

    private companion object {
        val NAME = Regex("[\\w=,@-]{1,128}")
        val STATUSES = setOf("ACTIVE", "INACTIVE")
        const val MAX_PAGE = 250
        const val MILLIS = 1000.0
    }
}
