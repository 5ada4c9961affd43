package dev.iotsdk.emulator.internal.credentials

import dev.iotsdk.emulator.internal.dataplane.Pages
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject

/**
 * The identity-pool administration of Amazon Cognito Identity (AWS JSON 1.1, SigV4 with scope `cognito-identity`, as
 * the AWS CLI's `aws cognito-identity create-identity-pool` sends it): CreateIdentityPool, DescribeIdentityPool,
 * ListIdentityPools, DeleteIdentityPool. Members and limits from the Cognito Identity API Reference
 * (https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html): `IdentityPoolName`
 * `[\w\s+=,.@-]+` up to 128, `AllowUnauthenticatedIdentities` required, `MaxResults` 1–60. Pools made here serve
 * GetId, GetCredentialsForIdentity and GetOpenIdTokenForDeveloperIdentity like those made with the Kotlin admin API.
 */
internal class CognitoPoolAdmin(
    private val pools: MutableMap<String, IdentityPool>,
    private val create: (name: String, allowUnauthenticated: Boolean, developerProviderName: String?) -> String,
) {
    /** The operations handled here. */
    fun handles(operation: String): Boolean = operation in OPERATIONS

    /** Runs [operation]; throws [CognitoFailure] with Cognito's error code on bad input. */
    fun handle(operation: String, body: JsonObject): JsonObject = when (operation) {
        "CreateIdentityPool" -> {
            val name = text(body, "IdentityPoolName")
                ?: throw invalid("1 validation error detected: IdentityPoolName must not be null")
            if (!POOL_NAME.matches(name)) {
                throw invalid("1 validation error detected: Value at 'identityPoolName' failed to satisfy constraint")
            }
            val allow = (body["AllowUnauthenticatedIdentities"] as? JsonPrimitive)?.booleanOrNull
                ?: throw invalid("1 validation error detected: AllowUnauthenticatedIdentities must not be null")
            val provider = text(body, "DeveloperProviderName")
            describe(pools.getValue(create(name, allow, provider)))
        }
        "DescribeIdentityPool" -> describe(pool(body))
        "DeleteIdentityPool" -> {
            pools.remove(pool(body).id)
            JsonObject(emptyMap())
        }
        else -> list(body)
    }

    private fun list(body: JsonObject): JsonObject {
        val max = (body["MaxResults"] as? JsonPrimitive)?.intOrNull
            ?: throw invalid("1 validation error detected: MaxResults must not be null")
        if (max !in 1..MAX_RESULTS) throw invalid("MaxResults must be between 1 and $MAX_RESULTS")
        val all = pools.values.sortedBy { it.id }
        val (page, next) = Pages.slice(all, text(body, "NextToken"), max)
            ?: throw invalid("The NextToken is invalid")
        return buildJsonObject {
            putJsonArray("IdentityPools") {
                page.forEach {
                    add(
                        buildJsonObject {
                            put("IdentityPoolId", it.id)
                            put("IdentityPoolName", it.name)
                        },
                    )
                }
            }
            next?.let { put("NextToken", it) }
        }
    }

    private fun describe(pool: IdentityPool) = buildJsonObject {
        put("IdentityPoolId", pool.id)
        put("IdentityPoolName", pool.name)
        put("AllowUnauthenticatedIdentities", pool.allowUnauthenticated)
        put("AllowClassicFlow", false)
        pool.developerProviderName?.let { put("DeveloperProviderName", it) }
        putJsonObject("SupportedLoginProviders") {}
        put("OpenIdConnectProviderARNs", JsonArray(emptyList()))
    }

    private fun pool(body: JsonObject): IdentityPool {
        val id = text(body, "IdentityPoolId")
            ?: throw invalid("1 validation error detected: IdentityPoolId must not be null")
        return pools[id] ?: throw CognitoFailure("ResourceNotFoundException", "IdentityPool '$id' not found.")
    }

    private fun text(body: JsonObject, key: String): String? =
        (body[key] as? JsonPrimitive)?.takeIf { it.isString }?.content

    private fun invalid(message: String) = CognitoFailure("InvalidParameterException", message)

    private companion object {
        val OPERATIONS = setOf("CreateIdentityPool", "DescribeIdentityPool", "ListIdentityPools", "DeleteIdentityPool")
        val POOL_NAME = Regex("[\\w\\s+=,.@-]{1,128}")
        const val MAX_RESULTS = 60
    }
}

/** A Cognito error: its code (`x-amzn-ErrorType`, `__type`) and message. */
internal class CognitoFailure(val code: String, message: String) : Exception(message)
