"""Every resource type token the pack looks at, in one place. tests/policies checks each against pulumi-aws."""

AWS_PROVIDER = "pulumi:providers:aws"

# Lambda
LAMBDA_FUNCTION = "aws:lambda/function:Function"
LAMBDA_PERMISSION = "aws:lambda/permission:Permission"
LAMBDA_EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping"
LAMBDA_FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl"

# DynamoDB
DYNAMODB_TABLE = "aws:dynamodb/table:Table"

# CloudWatch
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"

# S3: v7's Bucket and its separate configuration resources; the deprecated V2 spellings are the same resources.
S3_BUCKET = "aws:s3/bucket:Bucket"
S3_BUCKET_V2 = "aws:s3/bucketV2:BucketV2"
S3_BUCKET_SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
S3_BUCKET_SSE_V2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
S3_BUCKET_VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
S3_BUCKET_VERSIONING_V2 = "aws:s3/bucketVersioningV2:BucketVersioningV2"
S3_BUCKET_LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
S3_BUCKET_LIFECYCLE_V2 = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
S3_BUCKET_LOGGING = "aws:s3/bucketLogging:BucketLogging"
S3_BUCKET_LOGGING_V2 = "aws:s3/bucketLoggingV2:BucketLoggingV2"
S3_BUCKET_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
S3_BUCKET_OWNERSHIP_CONTROLS = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
S3_BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
S3_BUCKET_ACL = "aws:s3/bucketAcl:BucketAcl"
S3_BUCKET_ACL_V2 = "aws:s3/bucketAclV2:BucketAclV2"
S3_BUCKET_NOTIFICATION = "aws:s3/bucketNotification:BucketNotification"

S3_BUCKETS = (S3_BUCKET, S3_BUCKET_V2)
S3_BUCKET_SSE_CONFIGS = (S3_BUCKET_SSE, S3_BUCKET_SSE_V2)
S3_BUCKET_VERSIONINGS = (S3_BUCKET_VERSIONING, S3_BUCKET_VERSIONING_V2)
S3_BUCKET_LIFECYCLES = (S3_BUCKET_LIFECYCLE, S3_BUCKET_LIFECYCLE_V2)
S3_BUCKET_LOGGINGS = (S3_BUCKET_LOGGING, S3_BUCKET_LOGGING_V2)

# API Gateway (REST) and its WAF
APIGATEWAY_ACCOUNT = "aws:apigateway/account:Account"
APIGATEWAY_METHOD = "aws:apigateway/method:Method"
APIGATEWAY_METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
APIGATEWAY_STAGE = "aws:apigateway/stage:Stage"
WAFV2_WEB_ACL = "aws:wafv2/webAcl:WebAcl"
WAFV2_WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
WAFV2_WEB_ACL_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"

# IAM: identity policies (a document attached to a principal) and managed-policy attachments
IAM_ROLE = "aws:iam/role:Role"
IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
IAM_POLICY = "aws:iam/policy:Policy"
IAM_USER_POLICY = "aws:iam/userPolicy:UserPolicy"
IAM_GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
IAM_ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive"
IAM_USER_POLICY_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment"
IAM_GROUP_POLICY_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"
IAM_POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment"

IAM_POLICY_DOCUMENT_HOLDERS = (IAM_ROLE, IAM_ROLE_POLICY, IAM_POLICY, IAM_USER_POLICY, IAM_GROUP_POLICY)
IAM_ATTACHMENTS = (
    IAM_ROLE,
    IAM_ROLE_POLICY_ATTACHMENT,
    IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE,
    IAM_USER_POLICY_ATTACHMENT,
    IAM_GROUP_POLICY_ATTACHMENT,
    IAM_POLICY_ATTACHMENT,
)

# Messaging and keys
SQS_QUEUE = "aws:sqs/queue:Queue"
SQS_QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
SNS_TOPIC = "aws:sns/topic:Topic"
SNS_TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy"
KMS_KEY = "aws:kms/key:Key"

# Network
EC2_VPC = "aws:ec2/vpc:Vpc"
EC2_SUBNET = "aws:ec2/subnet:Subnet"
EC2_SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
EC2_DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
EC2_SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
VPC_SECURITY_GROUP_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
VPC_SECURITY_GROUP_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
EC2_FLOW_LOG = "aws:ec2/flowLog:FlowLog"
EC2_VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
EC2_NETWORK_ACL = "aws:ec2/networkAcl:NetworkAcl"
EC2_DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
EC2_NETWORK_ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule"
EC2_NETWORK_ACL_ASSOCIATION = "aws:ec2/networkAclAssociation:NetworkAclAssociation"
EC2_NETWORK_ACLS = (EC2_NETWORK_ACL, EC2_DEFAULT_NETWORK_ACL)
