package dev.iotsdk.emulator.internal.credentials

import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.PolicyEvaluator
import dev.iotsdk.emulator.internal.PolicyVariables
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.http.HttpServices
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.time.Instant
import java.util.concurrent.ConcurrentHashMap

/** A role alias: the IAM role it stands for, how long its credentials last, when it was created and last changed. */
internal class RoleAlias(
    val name: String,
    val roleArn: String,
    val durationSeconds: Long,
    val created: Instant = Instant.now(),
    val modified: Instant = created,
)

/**
 * The role aliases (shared by the admin API and the control plane's role-alias operations) and the AWS IoT credentials
 * provider: `GET /role-aliases/<alias>/credentials` on the mutual-TLS port. Checks and answers follow what AWS
 * answers (recorded in awslabs/aws-iot-core-credential-provider-session-helper `docs/dev_notes.md`), in this order:
 * - a certificate the registry does not know or that is not ACTIVE: 403 `Certificate is invalid on this endpoint`
 *   (`x-amzn-ErrorType: AccessDeniedException`); the 8443 listener already refuses such certificates in the TLS
 *   handshake, so this guards requests that reach the route by other ways;
 * - an `x-amzn-iot-thingname` that is not the certificate's thing: 403 `Invalid thing name passed`;
 * - no policy of the certificate allows `iot:AssumeRoleWithCertificate` on the alias ARN: 403 `Access Denied`;
 * - no such alias: 404 `Role alias does not exist`;
 * - a role ARN that is not an IAM role's (the emulator's stand-in for a role that cannot be assumed): 400 `Unable to
 *   assume the role, or the role to assume does not exist`;
 * - else 200 `{"credentials":{"accessKeyId","secretAccessKey","sessionToken","expiration"}}` (ISO-8601 expiration).
 *
 * Throttling ([IssuedCredentials.throttleNext]) answers 429 `{"message":"Rate exceeded"}` (the body is the emulator's
 * choice: AWS's throttled answer was not found in the sources checked).
 */
internal class RoleAliasService(
    private val region: String,
    val accountId: String,
    private val registry: Registry,
    private val issued: IssuedCredentials,
) {
    private val aliases = ConcurrentHashMap<String, RoleAlias>()

    /** Creates or replaces [alias]. */
    fun put(alias: RoleAlias) {
        aliases[alias.name] = alias
    }

    /** Creates [alias] unless one of its name exists; `false` when it does. */
    fun create(alias: RoleAlias): Boolean = aliases.putIfAbsent(alias.name, alias) == null

    fun get(name: String): RoleAlias? = aliases[name]

    /** Replaces alias [name] by [change] of it, atomically; `null` when there is none. */
    fun update(name: String, change: (RoleAlias) -> RoleAlias): RoleAlias? =
        aliases.computeIfPresent(name) { _, old -> change(old) }

    fun delete(name: String): Boolean = aliases.remove(name) != null

    fun all(): List<RoleAlias> = ArrayList(aliases.values)

    fun arn(name: String): String = "arn:aws:iot:$region:$accountId:rolealias/$name"

    fun registerRoutes(http: HttpServices) {
        http.register(PREFIX) { call -> handle(call) }
    }

    private fun handle(call: HttpCall): HttpReply {
        val parts = call.path.removePrefix(PREFIX).split('/')
        if (call.method != "GET" || parts.size != 2 || parts[1] != "credentials") return error(404, "Not Found")
        val certificateId = call.certificateId
        if (call.listener != LISTENER_8443 || certificateId == null) return invalidCertificate()
        if (issued.takeThrottle()) return error(429, "Rate exceeded")
        val record = registry.certificates[certificateId] ?: return invalidCertificate()
        if (record.status != CertificateStatus.ACTIVE) return invalidCertificate()
        val thingName = call.header(THING_HEADER)
        if (thingName != null &&
            thingName != record.thingName
        ) {
            return error(403, "Invalid thing name passed", ACCESS_DENIED)
        }
        val policies: List<Policy> = registry.attachedPolicies(listOf(certificateId)).ifEmpty {
            listOf(registry.defaultPolicy)
        }
        val variables = PolicyVariables(thingName ?: "", thingName ?: record.thingName, record.thingName != null)
        if (!PolicyEvaluator.isAllowed(
                policies,
                ACTION,
                arn(parts[0]),
                variables,
            )
        ) {
            return error(403, "Access Denied", ACCESS_DENIED)
        }
        val alias = aliases[parts[0]] ?: return error(404, "Role alias does not exist")
        if (!IAM_ROLE_ARN.matches(
                alias.roleArn,
            )
        ) {
            return error(400, "Unable to assume the role, or the role to assume does not exist")
        }
        val (credentials, expiry) = issued.issue(alias.durationSeconds, alias.roleArn, certificateId)
        val body = buildJsonObject {
            put(
                "credentials",
                buildJsonObject {
                    put("accessKeyId", credentials.accessKeyId)
                    put("secretAccessKey", credentials.secretAccessKey)
                    put("sessionToken", credentials.sessionToken)
                    put("expiration", expiry.toString())
                },
            )
        }
        return HttpReply.json(200, body.toString())
    }

    private fun invalidCertificate() = error(403, "Certificate is invalid on this endpoint", ACCESS_DENIED)

    private fun error(status: Int, message: String, type: String? = null) = HttpReply.json(
        status,
        buildJsonObject { put("message", JsonPrimitive(message)) }.toString(),
        type?.let { mapOf("x-amzn-ErrorType" to it) }.orEmpty(),
    )

    private companion object {
        const val PREFIX = "/role-aliases/"
        const val THING_HEADER = "x-amzn-iot-thingname"
        const val ACTION = "iot:AssumeRoleWithCertificate"
        const val ACCESS_DENIED = "AccessDeniedException"
        const val LISTENER_8443 = EmulatorEvent.LISTENER_8443
        val IAM_ROLE_ARN = Regex("arn:aws[\\w-]*:iam::\\d{12}:role/[\\w+=,.@/-]+")
    }
}
