"""What the voting-round actions answer (results, turnout, ballot), as serializers so that
/api/schema/ describes exactly the JSON the views return. Counts are null until the round is
counted; rates are decimal strings with two places ("66.67")."""

from __future__ import annotations

from rest_framework import serializers

from oversight.api.fields import InputSerializer


def _count() -> serializers.IntegerField:
    return serializers.IntegerField(allow_null=True)


def _rate() -> serializers.CharField:
    return serializers.CharField(allow_null=True, help_text="百分比，两位小数，如 66.67")


class ItemResultSerializer(InputSerializer):
    participants = _count()
    figures_withheld = serializers.BooleanField(
        help_text="投票人数少于最低人数时不公布各选项人数和比例（为 null），以免推知个人选择"
    )
    satisfied = _count()
    basic = _count()
    unsatisfied = _count()
    satisfied_rate = _rate()
    basic_rate = _rate()
    unsatisfied_rate = _rate()
    approval_rate = _rate()
    quorum_met = serializers.BooleanField(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    accountability_flagged = serializers.BooleanField()


class ResultItemSerializer(ItemResultSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class RoundResultsSerializer(InputSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    eligible = serializers.IntegerField(allow_null=True)
    quorum_rule = serializers.CharField()
    pass_rule = serializers.CharField()
    items = ResultItemSerializer(many=True)


class TurnoutItemSerializer(InputSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    participants = serializers.IntegerField(help_text="已投票人数（不含任何选择）")


class TurnoutSerializer(InputSerializer):
    status = serializers.CharField()
    eligible = serializers.IntegerField()
    items = TurnoutItemSerializer(many=True)


class BallotResultSerializer(InputSerializer):
    voted_items = serializers.IntegerField(help_text="本次投票的事项数")
    message = serializers.CharField()
