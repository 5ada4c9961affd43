package dev.iotsdk.emulator.internal.credentials

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
import java.util.concurrent.ConcurrentHashMap

/** A role alias: the IAM role it stands for and how long its credentials last. */
internal class RoleAlias(val name: String, val roleArn: String, val durationSeconds: Long)

/**
 * The AWS IoT credentials provider: `GET /role-aliases/<alias>/credentials` on the mutual-TLS port, authorised by the
 * client certificate (its policies must allow `iot:AssumeRoleWithCertificate` on the role alias ARN) and, when sent,
 * the `x-amzn-iot-thingname` header (the thing must be the certificate's). Answers
 * `{"credentials":{"accessKeyId","secretAccessKey","sessionToken","expiration"}}` or `{"message": ...}` with
 * 400/403/404/429 as AWS does.
 */
internal class RoleAliasService(
    private val region: String,
    private val accountId: String,
    private val registry: Registry,
    private val issued: IssuedCredentials,
) {
    private val aliases = ConcurrentHashMap<String, RoleAlias>()

    fun create(alias: RoleAlias) {
        aliases[alias.name] = alias
    }

    fun registerRoutes(http: HttpServices) {
        http.register(PREFIX) { call -> handle(call) }
    }

    private fun handle(call: HttpCall): HttpReply {
        val parts = call.path.removePrefix(PREFIX).split('/')
        if (call.method != "GET" || parts.size != 2 || parts[1] != "credentials") return error(404, "Not Found")
        val certificateId = call.certificateId
        if (call.listener != LISTENER_8443 || certificateId == null) return error(403, "Access Denied")
        if (issued.takeThrottle()) return error(429, "Rate exceeded")
        val record = registry.certificates[certificateId] ?: return error(403, "Access Denied")
        if (record.status != dev.iotsdk.emulator.CertificateStatus.ACTIVE) return error(403, "Access Denied")
        val thingName = call.header(THING_HEADER)
        if (thingName != null && thingName != record.thingName) return error(403, "Access Denied")
        val alias = aliases[parts[0]] ?: return error(404, "Role alias does not exist")
        val policies: List<Policy> = registry.attachedPolicies(listOf(certificateId)).ifEmpty { listOf(registry.defaultPolicy) }
        val variables = PolicyVariables(thingName ?: "", thingName ?: record.thingName, record.thingName != null)
        val resource = "arn:aws:iot:$region:$accountId:rolealias/${alias.name}"
        if (!PolicyEvaluator.isAllowed(policies, ACTION, resource, variables)) return error(403, "Access Denied")
        val (credentials, expiry) = issued.issue(alias.durationSeconds)
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

    private fun error(status: Int, message: String) =
        HttpReply.json(status, buildJsonObject { put("message", JsonPrimitive(message)) }.toString())

    private companion object {
        const val PREFIX = "/role-aliases/"
        const val THING_HEADER = "x-amzn-iot-thingname"
        const val ACTION = "iot:AssumeRoleWithCertificate"
        const val LISTENER_8443 = dev.iotsdk.emulator.EmulatorEvent.LISTENER_8443
    }
}
