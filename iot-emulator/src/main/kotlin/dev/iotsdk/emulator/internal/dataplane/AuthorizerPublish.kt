package dev.iotsdk.emulator.internal.dataplane

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.CustomAuthFailure
import dev.iotsdk.emulator.internal.CustomAuthRunner
import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.PolicyEvaluator
import dev.iotsdk.emulator.internal.PolicyVariables
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.percentDecode
import java.util.UUID

/**
 * Custom authorizers on the HTTPS data plane, as AWS IoT takes them (DG "Connecting to AWS IoT Core by using custom
 * authentication", HTTPS: the authorizer named by `x-amz-customauthorizer-name`, its token and
 * `x-amz-customauthorizer-signature` in headers or query parameters; "The customer authorizer for the HTTPS protocol
 * only supports publish operations"). The authorizer runs on the HTTP service thread (never a network thread); its
 * returned policies, with those attached to its `principalId` (the default policy when none), must allow
 * `iot:Publish` on the topic, and `iot:RetainPublish` too for `retain=true`. A refused authentication answers 401
 * `UnauthorizedException`, a policy denial or another operation 403 `ForbiddenException` (status codes are the
 * emulator's choice: AWS documents none for this path).
 */
internal class AuthorizerPublish(
    private val registry: Registry,
    private val runner: CustomAuthRunner,
    private val policy: DataPlanePolicy,
    private val events: EventBus,
) {
    /** Whether unsigned [call] names a custom authorizer or carries the default authorizer's token. */
    fun wants(call: HttpCall): Boolean {
        val names = parameters(call).keys
        val tokenKey = registry.defaultAuthorizer()?.tokenKeyName
        return names.any {
            it.equals(CustomAuthRunner.NAME_PARAM, ignoreCase = true) ||
                (tokenKey != null && it.equals(tokenKey, ignoreCase = true))
        }
    }

    /** `null` when the authorizer authenticates [call] and its policies allow the publish, else the reply. */
    fun refusal(call: HttpCall): HttpReply? {
        if (call.method != "POST" || !call.rawPath.startsWith(TOPICS)) {
            return DataPlaneErrors.error(FORBIDDEN, "Custom authorizers are accepted for Publish only")
        }
        val headers = call.headers.mapValues { (_, v) -> v.joinToString(",") }
        val outcome = try {
            runner.authorize(
                parameters(call), listOf("tls", "http"), null, null, null, null,
                headers, call.rawQuery, UUID.randomUUID().toString(),
            )
        } catch (e: CustomAuthFailure) {
            events.emit(EmulatorEvent.ConnectionRefused(call.listener ?: "", e.message ?: "custom authorizer refused"))
            return DataPlaneErrors.error(UNAUTHORIZED, "Unauthorized")
        }
        val resource = policy.arn("topic", percentDecode(call.rawPath.removePrefix(TOPICS)))
        val retain = call.queryParameters().any { it.first == "retain" && it.second == "true" }
        val policies = (registry.attachedPolicies(listOfNotNull(outcome.principalId)) + outcome.policies)
            .ifEmpty { listOf(registry.defaultPolicy) }
        val denied = listOfNotNull("iot:Publish", "iot:RetainPublish".takeIf { retain }).firstOrNull {
            !PolicyEvaluator.isAllowed(policies, it, resource, PolicyVariables(null, null, false))
        } ?: return null
        events.emit(EmulatorEvent.AuthorizationDenied(outcome.principalId ?: "custom-authorizer", denied, resource))
        return DataPlaneErrors.error(FORBIDDEN, "Forbidden")
    }

    /** Headers, then query parameters not already given as headers (the authorizer's lookup is case-insensitive). */
    private fun parameters(call: HttpCall): Map<String, String> {
        val params = LinkedHashMap<String, String>()
        call.headers.forEach { (k, v) -> v.firstOrNull()?.let { params[k] = it } }
        call.queryParameters().forEach { params.putIfAbsent(it.first, it.second) }
        return params
    }

    private companion object {
        const val TOPICS = "/topics/"
        const val UNAUTHORIZED = 401
        const val FORBIDDEN = 403
    }
}
