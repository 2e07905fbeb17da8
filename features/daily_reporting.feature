Feature: Daily fraud reporting
  Every day at midnight UTC the report generator writes the previous day's fraud report for the fraud analysts.

  @emulator
  Scenario: The report for a day exists, is encrypted and counts what was submitted
    Given the transactions API with a valid API key
    And 5 transactions submitted for the report day
    When the daily report is generated for the report day
    Then the report for the report day is in the reports bucket
    And the report object is encrypted with "AES256"
    And the report counts at least 5 transactions
    And the flagged transactions CSV for the report day is in the reports bucket
