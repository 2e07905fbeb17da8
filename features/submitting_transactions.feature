Feature: Submitting and retrieving transactions
  A merchant system submits card transactions with its API key and reads them back by id.
  The API stores each transaction exactly once and says precisely what is wrong with a bad one.

  Background:
    Given the transactions API with a valid API key

  Scenario: A valid transaction is stored and can be read back
    When I submit a transaction of 42.50 EUR for customer "cust-accept-1"
    Then the response status is 201
    And the response has a Location header for the transaction
    And the response body has the transaction with amount 42.50 as a JSON number
    When I get the transaction by its id
    Then the response status is 200
    And the response body has status "RECEIVED" or "ANALYZED"

  Scenario: Submitting the same transaction twice stores it once
    When I submit a transaction of 10.00 USD for customer "cust-accept-2"
    And I submit the same transaction again
    Then the response status is 200
    And the response body is the original transaction

  Scenario: Reusing a transaction id with a different body is a conflict
    When I submit a transaction of 10.00 USD for customer "cust-accept-3"
    And I submit the same transaction id with amount 99.00
    Then the response status is 409

  Scenario Outline: An invalid transaction is rejected with the field named
    When I submit a transaction where <field> is <value>
    Then the response status is 400
    And the error names the field "<field>"

    Examples:
      | field         | value               |
      | amount        | -5                  |
      | amount        | "12.50"             |
      | amount        | true                |
      | amount        | 10.123              |
      | currency      | "XYZ"               |
      | transactionId | "has spaces"        |
      | customerId    | ""                  |
      | country       | "Germany"           |
      | timestamp     | "2999-01-01T00:00:00Z" |

  Scenario: A body that is not JSON is rejected
    When I submit the raw body "this is not json"
    Then the response status is 400

  Scenario: An unknown field is rejected
    When I submit a transaction with the extra field "cardNumber"
    Then the response status is 400

  Scenario: An unknown transaction id is not found
    When I get the transaction "does-not-exist-000"
    Then the response status is 404
    And the response body has a message

  Scenario Outline: A request without the right API key is forbidden
    Given the transactions API with <key> API key
    When I submit a transaction of 5.00 EUR for customer "cust-accept-4"
    Then the response status is 403

    Examples:
      | key       |
      | no        |
      | a wrong   |
