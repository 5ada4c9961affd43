package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.dataplane.Pages
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * The policy, certificate and principal reads of the AWS CLI's everyday recipes (AWS IoT service model, paths and
 * members as the AWS SDKs send them): ListPolicies (`GET /policies`), ListCertificates (`GET /certificates`),
 * ListAttachedPolicies (`POST /attached-policies/<target>`), ListTargetsForPolicy (`POST /policy-targets/<policy>`),
 * ListPrincipalThings (`GET /principals/things`, principal in `x-amzn-principal`), ListPolicyVersions and
 * GetPolicyVersion (one version, `1`, per policy: the emulator keeps no versions). Marker-paged lists answer
 * `nextMarker`; token-paged ones `nextToken`.
 */
internal class RegistryReadsApi(
    private val registry: Registry,
    private val arns: Arns,
    private val policyDocument: (String) -> JsonObject,
) {
    fun listPolicies(r: ApiRequest): JsonObject = markerPage(r, "policies", registry.policies.keys.sorted()) {
        policySummary(it)
    }

    fun listCertificates(r: ApiRequest): JsonObject {
        val records = registry.certificates.values.sortedBy { it.certificateId }
        return markerPage(r, "certificates", records) {
            buildJsonObject {
                put("certificateArn", arns.certificate(it.certificateId))
                put("certificateId", it.certificateId)
                put("status", it.status.name)
                put("certificateMode", "DEFAULT")
                put("creationDate", it.certificate.notBefore.time / MILLIS)
            }
        }
    }

    fun listAttachedPolicies(target: String, r: ApiRequest): JsonObject {
        val key = arns.nameIn(target, "cert")?.also {
            if (!registry.certificates.containsKey(it)) throw ApiError.notFound("The certificate $it cannot be found.")
        } ?: target
        return markerPage(r, "policies", registry.policiesOf(key).sorted()) { policySummary(it) }
    }

    fun listTargetsForPolicy(policyName: String, r: ApiRequest): JsonObject {
        requirePolicy(policyName)
        val targets = registry.targetsOf(policyName).map {
            if (registry.certificates.containsKey(it)) arns.certificate(it) else it
        }.sorted()
        return markerPage(r, "targets", targets) { JsonPrimitive(it) }
    }

    fun listPrincipalThings(r: ApiRequest): JsonObject {
        val principal =
            r.call.header("x-amzn-principal") ?: throw ApiError.invalid("The x-amzn-principal header is required")
        val id = arns.nameIn(principal, "cert") ?: throw ApiError.invalid(
            "The principal must be a certificate ARN (the emulator supports no other principals here)",
        )
        val record = registry.certificates[id] ?: throw ApiError.notFound("The certificate $id cannot be found.")
        val things = listOfNotNull(record.thingName)
        val (page, next) = Pages.slice(things, r.query("nextToken"), r.maxResults(default = 25, max = 250))
            ?: throw ApiError.invalid("The nextToken is invalid")
        return buildJsonObject {
            put("things", JsonArray(page.map { JsonPrimitive(it) }))
            next?.let { put("nextToken", it) }
        }
    }

    fun listPolicyVersions(policyName: String): JsonObject {
        requirePolicy(policyName)
        val created = policyDocument(policyName)["creationDate"]
        return buildJsonObject {
            put(
                "policyVersions",
                JsonArray(
                    listOf(
                        buildJsonObject {
                            put("versionId", "1")
                            put("isDefaultVersion", true)
                            created?.let { put("createDate", it) }
                        },
                    ),
                ),
            )
        }
    }

    fun getPolicyVersion(policyName: String, versionId: String): JsonObject {
        val policy = policyDocument(policyName)
        if (versionId != "1") throw ApiError.notFound("Policy $policyName has no version $versionId.")
        return buildJsonObject {
            policy.forEach { (k, v) -> if (k != "defaultVersionId") put(k, v) }
            put("policyVersionId", "1")
            put("isDefaultVersion", true)
        }
    }

    private fun requirePolicy(name: String) {
        if (!registry.policies.containsKey(name)) throw ApiError.notFound("Policy $name cannot be found.")
    }

    private fun policySummary(name: String) = buildJsonObject {
        put("policyName", name)
        put("policyArn", arns.of("policy", name))
    }

    /** A `marker` / `pageSize` page of [items] under [member], with `nextMarker` while more remain. */
    private fun <T> markerPage(r: ApiRequest, member: String, items: List<T>, show: (T) -> JsonElement): JsonObject {
        val size = r.queryLong("pageSize")?.also {
            if (it !in 1..MAX_PAGE) throw ApiError.invalid("pageSize must be between 1 and $MAX_PAGE")
        }?.toInt() ?: MAX_PAGE
        val ordered = if (r.queryBoolean("isAscendingOrder") == false) items.reversed() else items
        val (page, next) = Pages.slice(ordered, r.query("marker"), size)
            ?: throw ApiError.invalid("The marker is invalid")
        return buildJsonObject {
            put(member, JsonArray(page.map(show)))
            next?.let { put("nextMarker", it) }
        }
    }

    private companion object {
        const val MAX_PAGE = 250
        const val MILLIS = 1000.0
    }
}
