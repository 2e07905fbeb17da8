Feature: Compliance of the stack with the policy pack
  The platform team previews every change with the CrossGuard policy pack. The stack as committed passes every
  mandatory policy, and each guarded setting, changed on its own, is caught by the policy that guards it.

  @compliance
  Scenario: The stack has no mandatory violations
    Given the stack
    When it is previewed with the policy pack
    Then there are no mandatory violations

  @compliance
  Scenario: Every Lambda function has its log group and an error-rate alarm
    Given the stack
    Then every "aws:lambda/function:Function" has a log group with retention 7 days
    And every "aws:lambda/function:Function" has an error-rate alarm at 1 percent

  @compliance
  Scenario Outline: Changing one guarded setting is caught by its policy
    Given the stack with <change>
    When it is previewed with the policy pack
    Then the policy "<policy>" fails as mandatory
    And the preview exits with code 1

    Examples:
      | change                                             | policy                                       |
      | the Lambda runtime set to python3.12               | aws-lambda-function-runtime                  |
      | the ManagedBy tag removed                          | aws-tagging-resource-required-tags           |
      | log retention set to 14 days                       | aws-cloudwatch-loggroup-retention            |
      | DynamoDB billing set to PROVISIONED                | aws-dynamodb-table-billing-mode              |
      | the buckets encrypted with KMS instead of AES256   | aws-s3-bucket-sse                            |
      | the API throttle set to 5000 per second            | aws-apigateway-methodsettings-throttling     |
      | the error-rate alarms set to 5 percent             | aws-cloudwatch-metricalarm-lambda-error-rate |
      | a wildcard action granted to the report generator  | aws-iam-policy-no-wildcard-actions           |
