package dev.iotsdk.auth.internal

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.CredentialsNotAuthorizedException
import dev.iotsdk.auth.CredentialsResourceNotFoundException
import dev.iotsdk.auth.CredentialsRoleConfigurationException
import dev.iotsdk.auth.CredentialsServiceException
import dev.iotsdk.auth.CredentialsThrottledException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.put
import java.time.Instant

/**
 * Amazon Cognito Identity's AWS JSON 1.1 shapes: GetId and GetCredentialsForIdentity requests, their answers, and
 * errors (`__type` or `x-amzn-ErrorType`, `message`). Parsing failures never echo the body (it may hold a secret).
 */
internal object CognitoWire {
    const val TARGET_PREFIX = "AWSCognitoIdentityService."
    const val CONTENT_TYPE = "application/x-amz-json-1.1"
    private const val SERVICE = "Amazon Cognito"

    fun getIdRequest(identityPoolId: String, logins: Map<String, String>, accountId: String?): String =
        buildJsonObject {
            if (accountId != null) put("AccountId", accountId)
            put("IdentityPoolId", identityPoolId)
            if (logins.isNotEmpty()) put("Logins", loginsObject(logins))
        }.toString()

    fun getCredentialsRequest(identityId: String, logins: Map<String, String>, customRoleArn: String?): String =
        buildJsonObject {
            put("IdentityId", identityId)
            if (logins.isNotEmpty()) put("Logins", loginsObject(logins))
            if (customRoleArn != null) put("CustomRoleArn", customRoleArn)
        }.toString()

    private fun loginsObject(logins: Map<String, String>) = JsonObject(logins.mapValues { JsonPrimitive(it.value) })

    fun identityId(answer: CredentialsAnswer): String =
        (parse(answer, "GetId")["IdentityId"] as? JsonPrimitive)?.takeIf { it.isString }?.content
            ?: throw malformed("GetId", "no IdentityId")

    fun credentials(answer: CredentialsAnswer): Credentials {
        val root = parse(answer, "GetCredentialsForIdentity")
        val c =
            root["Credentials"] as? JsonObject ?: throw malformed("GetCredentialsForIdentity", "no Credentials object")
        fun field(name: String): String =
            (c[name] as? JsonPrimitive)?.takeIf { it.isString && it.content.isNotBlank() }?.content
                ?: throw malformed("GetCredentialsForIdentity", "no $name")
        val seconds =
            (c["Expiration"] as? JsonPrimitive)?.doubleOrNull
                ?: throw malformed("GetCredentialsForIdentity", "no numeric Expiration")
        val expiration = Instant.ofEpochMilli((seconds * MILLIS).toLong())
        return Credentials(field("AccessKeyId"), field("SecretKey"), field("SessionToken"), expiration)
    }

    private fun parse(answer: CredentialsAnswer, operation: String): JsonObject = try {
        Json.parseToJsonElement(answer.body) as? JsonObject
    } catch (e: IllegalArgumentException) {
        null
    } ?: throw malformed(operation, "not a JSON object")

    private fun malformed(operation: String, what: String) = CredentialsException(
        "$SERVICE $operation answered HTTP 200 with an unusable body ($what); check the endpoint",
        isRetryable = false,
    )

    /**
     * The typed exception for a non-2xx answer, by the error codes of the Cognito Identity model (AWS SDK for Kotlin
     * `cognito-identity.json`: NotAuthorized 403, ResourceNotFound 404, TooManyRequests 429, InternalError 500, the
     * rest 400/409). Retryable as aws-c-auth's Cognito provider retries: throttling and server errors; other 4xx
     * (`LimitExceededException`, `ExternalServiceException`, `InvalidParameterException`, …) are not.
     */
    fun error(operation: String, answer: CredentialsAnswer): CredentialsServiceException {
        val body = runCatching { Json.parseToJsonElement(answer.body) as? JsonObject }.getOrNull()
        val rawType = answer.header("x-amzn-ErrorType") ?: (body?.get("__type") as? JsonPrimitive)?.content
        val code = rawType?.substringAfterLast('#')?.substringBefore(':')?.takeIf { it.isNotBlank() }
        val serviceMessage = (
            (
                body?.get(
                    "message",
                ) ?: body?.get("Message")
                ) as? JsonPrimitive
            )?.content?.take(MAX_MESSAGE)
        val requestId = answer.header("x-amzn-RequestId")
        val status = answer.status
        val message =
            "$SERVICE $operation failed: ${code ?: "HTTP $status"}${serviceMessage?.let { ": $it" } ?: ""}" + hint(code)
        return when {
            code == "NotAuthorizedException" -> CredentialsNotAuthorizedException(message, code, status, requestId)
            code == "ResourceNotFoundException" -> CredentialsResourceNotFoundException(
                message,
                code,
                status,
                requestId,
            )
            code == "TooManyRequestsException" || (code == null && status == TOO_MANY_REQUESTS) ->
                CredentialsThrottledException(message, code, status, requestId)
            code == "InvalidIdentityPoolConfigurationException" -> CredentialsRoleConfigurationException(
                message,
                code,
                status,
                requestId,
            )
            else -> CredentialsServiceException(
                message,
                code,
                status,
                requestId,
                isRetryable =
                status >= SERVER_ERROR || code == "InternalErrorException",
            )
        }
    }

    private fun hint(code: String?): String = when (code) {
        "NotAuthorizedException" -> " (enable unauthenticated identities on the pool, or pass logins)"
        "ResourceNotFoundException" -> " (check the identity pool id and its region)"
        "InvalidIdentityPoolConfigurationException" ->
            " (give the identity pool a role for this kind of " +
                "identity, one that trusts cognito-identity.amazonaws.com)"
        "ExternalServiceException" -> " (the identity provider behind the logins did not answer Cognito)"
        else -> ""
    }

    private const val MILLIS = 1000.0
    private const val MAX_MESSAGE = 300
    private const val SERVER_ERROR = 500
    private const val TOO_MANY_REQUESTS = 429
}
