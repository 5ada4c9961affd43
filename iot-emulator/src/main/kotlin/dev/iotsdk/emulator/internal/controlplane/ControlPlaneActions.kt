package dev.iotsdk.emulator.internal.controlplane

/**
 * The IAM action and resource of each AWS IoT control-plane operation the emulator serves (Service Authorization
 * Reference, "Actions, resources, and condition keys for AWS IoT": the action is `iot:<Operation>`, the resource the
 * operation's thing, certificate, policy, job, template or role alias ARN, `*` for list and create-from-nothing
 * operations), used to authorize temporary credentials by their role's IAM policies.
 */
internal class ControlPlaneActions(private val arns: Arns) {
    /** One operation: method, path pattern (`*` = any segment), action, and resource type with its segment index. */
    private class Entry(val method: String, val pattern: List<String>, val action: String, val resource: String?) {
        fun matches(method: String, segments: List<String>) = method == this.method &&
            segments.size == pattern.size &&
            pattern.indices.all { pattern[it] == "*" || pattern[it] == segments[it] }
    }

    private val entries = TABLE.lines().map { it.trim() }.filter { it.isNotEmpty() }.map { line ->
        val (method, path, action) = line.split(' ')
        Entry(method, path.split('/'), "iot:$action", line.split(' ').getOrNull(3))
    }

    /** The action and resource ARN of [request], or `null` for an operation not in the table (denied to roles). */
    fun of(request: ApiRequest): Pair<String, String>? {
        val entry = entries.firstOrNull { it.matches(request.method, request.segments) } ?: return null
        val resource = entry.resource?.let {
            val (type, index) = it.split('/')
            arns.of(type, request.segments[index.toInt()])
        } ?: "*"
        return entry.action to resource
    }

    private companion object {
        const val TABLE = """
            GET things ListThings
            POST things/* CreateThing thing/1
            GET things/* DescribeThing thing/1
            PATCH things/* UpdateThing thing/1
            DELETE things/* DeleteThing thing/1
            PUT things/*/principals AttachThingPrincipal thing/1
            DELETE things/*/principals DetachThingPrincipal thing/1
            GET things/*/principals ListThingPrincipals thing/1
            GET things/*/jobs ListJobExecutionsForThing thing/1
            GET things/*/jobs/* DescribeJobExecution thing/1
            PUT things/*/jobs/*/cancel CancelJobExecution thing/1
            POST keys-and-certificate CreateKeysAndCertificate
            POST certificates CreateCertificateFromCsr
            GET certificates ListCertificates
            GET certificates/* DescribeCertificate cert/1
            PUT certificates/* UpdateCertificate cert/1
            DELETE certificates/* DeleteCertificate cert/1
            POST policies/* CreatePolicy policy/1
            GET policies/* GetPolicy policy/1
            DELETE policies/* DeletePolicy policy/1
            GET policies ListPolicies
            GET policies/*/version ListPolicyVersions policy/1
            GET policies/*/version/* GetPolicyVersion policy/1
            POST attached-policies/* ListAttachedPolicies
            POST policy-targets/* ListTargetsForPolicy policy/1
            GET principals/things ListPrincipalThings
            PUT target-policies/* AttachPolicy policy/1
            POST target-policies/* DetachPolicy policy/1
            GET jobs ListJobs
            PUT jobs/* CreateJob job/1
            GET jobs/* DescribeJob job/1
            DELETE jobs/* DeleteJob job/1
            PUT jobs/*/cancel CancelJob job/1
            POST provisioning-templates CreateProvisioningTemplate
            GET provisioning-templates ListProvisioningTemplates
            GET provisioning-templates/* DescribeProvisioningTemplate provisioningtemplate/1
            GET endpoint DescribeEndpoint
            GET role-aliases ListRoleAliases
            POST role-aliases/* CreateRoleAlias rolealias/1
            GET role-aliases/* DescribeRoleAlias rolealias/1
            PUT role-aliases/* UpdateRoleAlias rolealias/1
            DELETE role-aliases/* DeleteRoleAlias rolealias/1
            POST authorizer/* CreateAuthorizer authorizer/1
            GET authorizer/* DescribeAuthorizer authorizer/1
            PUT authorizer/* UpdateAuthorizer authorizer/1
            DELETE authorizer/* DeleteAuthorizer authorizer/1
            GET authorizers ListAuthorizers
            GET streams ListStreams
            POST streams/* CreateStream stream/1
            GET streams/* DescribeStream stream/1
            PUT streams/* UpdateStream stream/1
            DELETE streams/* DeleteStream stream/1
            POST default-authorizer SetDefaultAuthorizer
            GET default-authorizer DescribeDefaultAuthorizer
        """
    }
}
