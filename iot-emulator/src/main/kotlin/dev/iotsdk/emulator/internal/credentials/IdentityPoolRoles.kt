package dev.iotsdk.emulator.internal.credentials

import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.concurrent.ConcurrentHashMap

/**
 * The IAM roles of Cognito identity pools (Cognito API Reference, SetIdentityPoolRoles / GetIdentityPoolRoles:
 * `Roles` maps `authenticated` and `unauthenticated` to role ARNs): GetCredentialsForIdentity issues credentials of the
 * role that matches the identity. A pool without a role for its kind of identity issues credentials of no role
 * (the emulator's default role policy applies; AWS refuses with InvalidIdentityPoolConfigurationException).
 */
internal class IdentityPoolRoles {
    /** Each pool's roles by kind of identity; [CognitoStatePart] saves them. */
    internal val roles = ConcurrentHashMap<String, Map<String, String>>()

    /** Sets pool [poolId]'s roles, replacing the former ones; `null` ARNs leave that kind of identity without one. */
    fun set(poolId: String, authenticatedRoleArn: String?, unauthenticatedRoleArn: String?) {
        roles[poolId] = buildMap {
            authenticatedRoleArn?.let { put(AUTHENTICATED, it) }
            unauthenticatedRoleArn?.let { put(UNAUTHENTICATED, it) }
        }
    }

    /** The role of an identity of pool [poolId]. */
    fun roleFor(poolId: String, authenticated: Boolean): String? =
        roles[poolId]?.get(if (authenticated) AUTHENTICATED else UNAUTHENTICATED)

    /** SetIdentityPoolRoles' `Roles` member as given, or the message of what is wrong with it. */
    fun parse(body: JsonObject): Result<Pair<String?, String?>> {
        val member = body["Roles"] as? JsonObject
            ?: return Result.failure(IllegalArgumentException("1 validation error detected: Roles must not be null"))
        val values = member.mapValues { (_, v) -> (v as? JsonPrimitive)?.takeIf { it.isString }?.content }
        val unknown = values.keys - setOf(AUTHENTICATED, UNAUTHENTICATED)
        if (unknown.isNotEmpty() || values.values.any { it == null || IamRoles.roleName(it) == null }) {
            return Result.failure(
                IllegalArgumentException("Roles may map only authenticated and unauthenticated, to IAM role ARNs"),
            )
        }
        return Result.success(values[AUTHENTICATED] to values[UNAUTHENTICATED])
    }

    /** GetIdentityPoolRoles' answer for [poolId]. */
    fun describe(poolId: String): JsonObject = buildJsonObject {
        put("IdentityPoolId", poolId)
        put("Roles", JsonObject(roles[poolId].orEmpty().mapValues { JsonPrimitive(it.value) }))
    }

    private companion object {
        const val AUTHENTICATED = "authenticated"
        const val UNAUTHENTICATED = "unauthenticated"
    }
}
