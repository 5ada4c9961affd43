package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.http.HttpServices
import dev.iotsdk.emulator.internal.streams.StreamsApi
import kotlinx.serialization.json.JsonObject

/**
 * The AWS IoT control-plane API (service `iot`, REST-JSON, SigV4) on the emulator's 443 listener: requests signed for
 * `iot` are routed here before the data plane's path routes. Paths, methods, members and errors follow the AWS IoT
 * service model. Operations the emulator does not implement answer 400 `UnknownOperationException` with a message
 * saying so ([ApiError.unsupported]).
 */
@Suppress("LongParameterList") // one API object per family of operations
internal class ControlPlaneService(
    principals: SigV4Principals,
    private val things: ThingsApi,
    private val certificates: CertificatesApi,
    private val jobs: JobsApi,
    private val templates: ProvisioningTemplatesApi,
    private val endpoints: EndpointsApi,
    private val roleAliases: RoleAliasesApi,
    private val streams: StreamsApi,
) {
    private val reads = certificates.reads

    private val actions = ControlPlaneActions(Arns(principals.region, principals.permissions.accountId))
    private val api = SignedRestApi(principals, SERVICES, actions::of) { route(it) }

    fun registerRoutes(http: HttpServices) {
        api.registerRoutes(http)
    }

    private fun route(r: ApiRequest): JsonObject {
        val s = r.segments
        val m = r.method
        fun at(vararg pattern: String) =
            s.size == pattern.size && pattern.indices.all { pattern[it] == "*" || pattern[it] == s[it] }
        streams.route(r)?.let { return it }
        return when {
            at("things") && m == "GET" -> things.list(r)
            at("things", "*") -> when (m) {
                "POST" -> things.create(s[1], r)
                "GET" -> things.describe(s[1])
                "PATCH" -> things.update(s[1], r)
                "DELETE" -> things.delete(s[1], r)
                else -> unsupported(r)
            }
            at("things", "*", "principals") -> when (m) {
                "PUT" -> things.attachPrincipal(s[1], r)
                "DELETE" -> things.detachPrincipal(s[1], r)
                "GET" -> things.listPrincipals(s[1], r)
                else -> unsupported(r)
            }
            at("things", "*", "jobs") && m == "GET" -> jobs.listExecutionsForThing(s[1], r)
            at("things", "*", "jobs", "*") && m == "GET" -> jobs.describeExecution(s[1], s[3], r)
            at("things", "*", "jobs", "*", "cancel") && m == "PUT" -> jobs.cancelExecution(s[1], s[3], r)
            at("keys-and-certificate") && m == "POST" -> certificates.createKeysAndCertificate(r)
            at("certificates") && m == "GET" -> reads.listCertificates(r)
            at("policies") && m == "GET" -> reads.listPolicies(r)
            at("policies", "*", "version") && m == "GET" -> reads.listPolicyVersions(s[1])
            at("policies", "*", "version", "*") && m == "GET" -> reads.getPolicyVersion(s[1], s[3])
            at("attached-policies", "*") && m == "POST" -> reads.listAttachedPolicies(s[1], r)
            at("policy-targets", "*") && m == "POST" -> reads.listTargetsForPolicy(s[1], r)
            at("principals", "things") && m == "GET" -> reads.listPrincipalThings(r)
            at("certificates") && m == "POST" -> certificates.createFromCsr(r)
            at("certificates", "*") -> when (m) {
                "GET" -> certificates.describe(s[1])
                "PUT" -> certificates.update(s[1], r)
                "DELETE" -> certificates.delete(s[1], r)
                else -> unsupported(r)
            }
            at("policies", "*") -> when (m) {
                "POST" -> certificates.createPolicy(s[1], r)
                "GET" -> certificates.getPolicy(s[1])
                "DELETE" -> certificates.deletePolicy(s[1])
                else -> unsupported(r)
            }
            at("target-policies", "*") -> when (m) {
                "PUT" -> certificates.attachPolicy(s[1], r)
                "POST" -> certificates.detachPolicy(s[1], r)
                else -> unsupported(r)
            }
            at("jobs") && m == "GET" -> jobs.list(r)
            at("jobs", "*") -> when (m) {
                "PUT" -> jobs.create(s[1], r)
                "GET" -> jobs.describe(s[1])
                "DELETE" -> jobs.delete(s[1], r)
                else -> unsupported(r)
            }
            at("jobs", "*", "cancel") && m == "PUT" -> jobs.cancel(s[1], r)
            at("provisioning-templates") && m == "POST" -> templates.create(r)
            at("provisioning-templates") && m == "GET" -> templates.list(r)
            at("provisioning-templates", "*") && m == "GET" -> templates.describe(s[1])
            at("endpoint") && m == "GET" -> endpoints.describe(r)
            at("role-aliases") && m == "GET" -> roleAliases.list(r)
            at("role-aliases", "*") -> when (m) {
                "POST" -> roleAliases.create(s[1], r)
                "GET" -> roleAliases.describe(s[1])
                "PUT" -> roleAliases.update(s[1], r)
                "DELETE" -> roleAliases.delete(s[1])
                else -> unsupported(r)
            }
            else -> unsupported(r)
        }
    }

    private fun unsupported(r: ApiRequest): Nothing = throw ApiError.unsupported(r.method, r.call.path)

    companion object {
        /** The SigV4 service name of the AWS IoT control plane. */
        const val SERVICE: String = "iot"

        /**
         * The scopes accepted: `iot`, and `execute-api`, which older AWS CLI v2 releases (Debian's 2.9) sign IoT with.
         */
        val SERVICES: Set<String> = setOf(SERVICE, "execute-api")
    }
}
