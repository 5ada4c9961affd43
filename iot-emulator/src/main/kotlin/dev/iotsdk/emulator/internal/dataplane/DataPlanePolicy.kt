package dev.iotsdk.emulator.internal.dataplane

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.ConditionKeys
import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.PolicyEvaluator
import dev.iotsdk.emulator.internal.PolicyVariables
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.credentials.CallerPermissions
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.http.HttpReply

/**
 * Authorizes data-plane calls made with a client certificate against the certificate's AWS IoT policies (or the
 * default policy when none is attached), like AWS IoT does for HTTPS devices: the `iot:` action of each operation on
 * the resource the DG's "AWS IoT Core action resources" table gives it (`thing/<thing>[/<shadow>]` for the shadow
 * operations, `topic/<topic>` for Publish and GetRetainedMessage, `client/<clientId>` for DeleteConnection, `*` for
 * ListNamedShadowsForThing and ListRetainedMessages). HTTPS calls have no MQTT client id, so `${'$'}{iot:ClientId}`
 * resolves to nothing; `${'$'}{iot:Connection.Thing.ThingName}` is the certificate's thing.
 *
 * SigV4 callers are IAM principals, authorized by [permissions] for the same action and resource: temporary
 * credentials by their role's IAM policies, the administrator's keys for everything (an IAM denial is 403
 * `ForbiddenException` with AWS's "User: … is not authorized to perform: …" message).
 */
internal class DataPlanePolicy(
    private val region: String,
    private val accountId: String,
    private val registry: Registry,
    private val events: EventBus,
    private val permissions: CallerPermissions,
) {
    private val conditionKeys = ConditionKeys(registry)

    /** `arn:aws:iot:<region>:<account>:<kind>/<name>`. */
    fun arn(kind: String, name: String): String = "arn:aws:iot:$region:$accountId:$kind/$name"

    /** `null` when [call] may do [action] on [resource], else the 403 to answer (AWS: `ForbiddenException`). */
    fun refusal(call: HttpCall, action: String, resource: String): HttpReply? {
        val signedBy = HeaderSigV4Verifier.accessKeyId(call)
        val certificateId = call.certificateId
        val (allowed, who) = when {
            signedBy != null -> permissions.isAllowedData(signedBy, action, resource) to permissions.callerArn(signedBy)
            certificateId != null -> certificateAllows(certificateId, action, resource) to certificateId
            else -> return null
        }
        if (allowed) return null
        events.emit(EmulatorEvent.AuthorizationDenied(who, action, resource))
        val message = signedBy?.let { permissions.deniedMessage(it, action, resource) } ?: "Forbidden"
        return DataPlaneErrors.error(FORBIDDEN, message)
    }

    private fun certificateAllows(certificateId: String, action: String, resource: String): Boolean {
        val thing = registry.certificates[certificateId]?.thingName
        val policies = registry.attachedPolicies(listOf(certificateId)).ifEmpty { listOf(registry.defaultPolicy) }
        val keys = conditionKeys.of(thing, certificateId, null)
        return PolicyEvaluator.isAllowed(policies, action, resource, PolicyVariables(null, thing, thing != null, keys))
    }

    private companion object {
        const val FORBIDDEN = 403
    }
}
